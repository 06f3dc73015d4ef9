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
