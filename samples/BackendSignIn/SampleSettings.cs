namespace OrleansSessions.Samples.BackendSignIn;

/// <summary>
/// Where OrleansSessions is and the service key this backend holds (<c>OrleansSessions:Url</c>,
/// <c>OrleansSessions:ServiceKey</c>; the key also lets the bearer handler introspect, so revocation is seen at once).
/// </summary>
public sealed class SampleSettings
{
    public const string Section = "OrleansSessions";

    public Uri Url { get; set; } = new("http://localhost:5000");

    public string ServiceKey { get; set; } = string.Empty;
}
