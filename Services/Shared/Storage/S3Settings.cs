using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Mlops.Storage;

/// <summary>
/// A bucket behind the S3 API: AWS S3 (leave <see cref="ServiceUrl"/> empty, set <see cref="Region"/>), MinIO or
/// s3rver (their URL), Google Cloud Storage (https://storage.googleapis.com with HMAC keys).
/// </summary>
public sealed class S3Settings
{
    public string ServiceUrl { get; set; } = "";
    public string Region { get; set; } = "us-east-1";
    public string Bucket { get; set; } = "";
    public string AccessKey { get; set; } = "";
    public string SecretKey { get; set; } = "";

    /// <summary>Keys start with this (e.g. "team-a/mlops"); empty puts the services' folders at the bucket's root.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Retries of a failed request before it is reported; the SDK waits with backoff between them.</summary>
    public int MaxErrorRetry { get; set; } = 3;

    public IAmazonS3 Connect()
    {
        if (string.IsNullOrWhiteSpace(Bucket))
        {
            throw new InvalidOperationException($"{BlobStoreSettings.Section}:S3:Bucket is not set; name the bucket that holds the blobs.");
        }

        var config = new AmazonS3Config
        {
            // Path-style addressing works with AWS, MinIO, s3rver and GCS alike; virtual hosts need DNS per bucket.
            ForcePathStyle = true,
            // GCS, MinIO and s3rver do not all accept the SDK's default streaming checksums; content is sha256-checked here anyway.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = MaxErrorRetry,
        };
        if (string.IsNullOrWhiteSpace(ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }
        else
        {
            config.ServiceURL = ServiceUrl;
            config.AuthenticationRegion = Region;
        }

        return string.IsNullOrEmpty(AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), config);
    }

    /// <summary>Joins key prefixes with single slashes, e.g. ("team/", "registry/artifacts") → "team/registry/artifacts".</summary>
    public static string Join(params string[] parts) =>
        string.Join('/', parts.Select(part => part.Trim('/')).Where(part => part.Length > 0));
}
