using Mlops.TestSupport;

namespace Mlops.Storage.Tests;

/// <summary>One s3rver for a test class; each test keeps its blobs under a prefix of its own.</summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    public S3Server Server { get; private set; } = null!;

    public S3Settings Settings(string prefix, string accessKey = S3Server.AccessKey) => For(Server.ServiceUrl, prefix, accessKey);

    public static S3Settings For(string serviceUrl, string prefix, string accessKey = S3Server.AccessKey) => new()
    {
        ServiceUrl = serviceUrl,
        Bucket = S3Server.Bucket,
        AccessKey = accessKey,
        SecretKey = S3Server.SecretKey,
        Prefix = prefix,
        MaxErrorRetry = 1,
    };

    public async Task InitializeAsync() => Server = await S3Server.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
