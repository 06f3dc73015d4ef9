using StackExchange.Redis;

namespace OrleansSessions.Grains.Hosting;

/// <summary>
/// Reads <c>ConnectionStrings:Redis</c>: a StackExchange.Redis string (<c>host:port,password=...</c>) or a
/// <c>redis://</c> / <c>rediss://</c> URL (user, password, database and TLS taken from the URL). The string form also
/// names a Sentinel deployment (the sentinels' endpoints and <c>serviceName=</c>, e.g.
/// <c>s1:26379,s2:26379,s3:26379,serviceName=mymaster</c>: the primary is asked of the sentinels and followed through a
/// failover) or a Redis Cluster (any of its nodes, e.g. <c>n1:6379,n2:6379,n3:6379</c>: the slot map is read from them).
/// </summary>
public static class RedisConnection
{
    public const string ConfigurationKey = "ConnectionStrings:Redis";

    public static ConfigurationOptions Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = connectionString.StartsWith("redis://", StringComparison.OrdinalIgnoreCase)
                      || connectionString.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(connectionString)
            : FromConfigurationString(connectionString);

        // Start and keep retrying while Redis is away instead of failing the host: it comes back by itself.
        options.AbortOnConnectFail = false;

        // While Redis is away, fail a command at once rather than queue it: writes answer 503 quickly instead of
        // hanging, and reads that Redis does not answer give up after two seconds (unless the string says otherwise).
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1000); // back within about a second of Redis, not an exponential wait

        // Replies are read and handed on by the .NET thread pool rather than the library's own dedicated threads: on a
        // small machine every reply otherwise wakes one of those threads just to hand the result to the thread pool
        // (measured: the silo's CPU per session fell by a sixth, docs/benchmarks.md). Nothing here blocks on Redis.
        options.SocketManager = SocketManager.ThreadPool;
        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.AsyncTimeout = 2000;
        }

        return options;
    }

    private static ConfigurationOptions FromConfigurationString(string connectionString)
    {
        try
        {
            var options = ConfigurationOptions.Parse(connectionString);
            if (options.EndPoints.Count == 0)
            {
                throw new FormatException("ConnectionStrings:Redis names no Redis endpoint.");
            }

            return options;
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"ConnectionStrings:Redis is not a valid Redis connection string: {ex.Message}", ex);
        }
    }

    private static ConfigurationOptions FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("ConnectionStrings:Redis is not a valid redis:// or rediss:// URL.");
        }

        var options = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
        if (options.Ssl)
        {
            options.SslHost = uri.Host;
        }

        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var separator = uri.UserInfo.IndexOf(':');
            if (separator < 0)
            {
                options.Password = Uri.UnescapeDataString(uri.UserInfo);
            }
            else
            {
                var user = Uri.UnescapeDataString(uri.UserInfo[..separator]);
                options.User = user.Length == 0 ? null : user;
                options.Password = Uri.UnescapeDataString(uri.UserInfo[(separator + 1)..]);
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            options.DefaultDatabase = int.TryParse(path, out var database) && database >= 0
                ? database
                : throw new FormatException("ConnectionStrings:Redis URL path must be a database number, e.g. redis://host:6379/0.");
        }

        return options;
    }
}
