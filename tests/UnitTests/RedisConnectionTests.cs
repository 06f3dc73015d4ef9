using System.Net;
using OrleansSessions.Grains.Hosting;
using StackExchange.Redis;

namespace OrleansSessions.UnitTests;

public sealed class RedisConnectionTests
{
    [Fact]
    public void Reads_a_StackExchange_connection_string()
    {
        var options = RedisConnection.Parse("cache.internal:6380,password=s3cret,ssl=true");

        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal(("cache.internal", 6380), (endpoint.Host, endpoint.Port));
        Assert.Equal("s3cret", options.Password);
        Assert.True(options.Ssl);
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal(2000, options.AsyncTimeout);
        Assert.Same(BacklogPolicy.FailFast, options.BacklogPolicy);
    }

    [Fact]
    public void An_explicit_async_timeout_is_kept() =>
        Assert.Equal(7000, RedisConnection.Parse("127.0.0.1:6390,asyncTimeout=7000").AsyncTimeout);

    [Fact]
    public void Reads_a_redis_url_with_user_password_and_database()
    {
        var options = RedisConnection.Parse("redis://app:p%40ss@127.0.0.1:6390/2");

        var endpoint = Assert.IsType<IPEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal(6390, endpoint.Port);
        Assert.Equal("app", options.User);
        Assert.Equal("p@ss", options.Password);
        Assert.Equal(2, options.DefaultDatabase);
        Assert.False(options.Ssl);
    }

    [Fact]
    public void Rediss_url_turns_on_tls_and_defaults_the_port()
    {
        var options = RedisConnection.Parse("rediss://:token@redis.example.com");

        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal(6379, endpoint.Port);
        Assert.True(options.Ssl);
        Assert.Equal("redis.example.com", options.SslHost);
        Assert.Null(options.User);
        Assert.Equal("token", options.Password);
    }

    [Fact]
    public void Reads_a_sentinel_deployment_from_its_sentinels_and_service_name()
    {
        var options = RedisConnection.Parse("s1.internal:26379,s2.internal:26379,s3.internal:26379,serviceName=mymaster");

        Assert.Equal("mymaster", options.ServiceName);
        Assert.Equal(
            ["s1.internal", "s2.internal", "s3.internal"],
            options.EndPoints.Cast<DnsEndPoint>().Select(e => e.Host));
        Assert.All(options.EndPoints.Cast<DnsEndPoint>(), e => Assert.Equal(26379, e.Port));
        Assert.False(options.AbortOnConnectFail);
        Assert.Same(BacklogPolicy.FailFast, options.BacklogPolicy);
    }

    [Fact]
    public void Reads_every_node_of_a_redis_cluster()
    {
        var options = RedisConnection.Parse("10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000,password=s3cret");

        Assert.Equal(3, options.EndPoints.Count);
        Assert.All(options.EndPoints, e => Assert.Equal(7000, Assert.IsType<IPEndPoint>(e).Port));
        Assert.Null(options.ServiceName);
        Assert.Equal("s3cret", options.Password);
    }

    [Theory]
    [InlineData("redis://")]
    [InlineData("redis://host:6379/notadb")]
    [InlineData(",,,")]
    public void Malformed_connection_strings_fail_with_a_clear_message(string connection)
    {
        var error = Assert.Throws<FormatException>(() => RedisConnection.Parse(connection));
        Assert.Contains("ConnectionStrings:Redis", error.Message);
    }
}
