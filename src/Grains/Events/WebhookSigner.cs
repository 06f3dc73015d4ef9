using System.Security.Cryptography;
using System.Text;

namespace OrleansSessions.Grains.Events;

/// <summary>
/// Standard Webhooks signing: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "id.timestamp.body"&gt;</c> under the
/// key of the <c>whsec_</c> secret, with <c>webhook-id</c> and <c>webhook-timestamp</c> (Unix seconds) beside it.
/// </summary>
internal static class WebhookSigner
{
    public static string Sign(byte[] key, string id, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
