using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Mlops.Storage;

/// <summary>
/// Blobs in a bucket behind the S3 API, each under <c>prefix/sha256</c>. A blob counts as stored only when its object
/// carries its sha256 in its metadata, written in the same PUT: S3 shows an object only once its PUT completed, and a
/// server that writes bytes before metadata (s3rver) then still never shows half a blob. Reads are hash-checked like on disk.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    private const string Sha256Metadata = "x-amz-meta-sha256";

    private readonly IAmazonS3 client;
    private readonly string bucket;
    private readonly string prefix;
    private readonly string spoolFolder;

    public S3BlobStore(IAmazonS3 client, string bucket, string prefix, string? spoolFolder = null)
    {
        this.client = client;
        this.bucket = bucket;
        this.prefix = S3Settings.Join(prefix);
        this.spoolFolder = Directory.CreateDirectory(spoolFolder ?? Path.Combine(Path.GetTempPath(), "mlops-s3-spool")).FullName;
        var endpoint = client.Config.ServiceURL ?? client.Config.RegionEndpoint?.SystemName ?? "AWS";
        Location = $"s3://{bucket}/{this.prefix} at {endpoint}";
    }

    public string Location { get; }

    public async Task<BlobInfo> PutAsync(Stream content, string? expectedSha256 = null, CancellationToken cancellationToken = default)
    {
        using var spooled = await SpooledBlob.CreateAsync(content, spoolFolder, expectedSha256, cancellationToken);
        if (!await ExistsAsync(spooled.Sha256, cancellationToken))
        {
            await UploadAsync(spooled.Sha256, new PutObjectRequest { FilePath = spooled.Path }, cancellationToken);
        }

        return spooled.Info;
    }

    public async Task<BlobInfo> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var blob = new BlobInfo(Sha256Hex.Of(content.Span), content.Length);
        if (!await ExistsAsync(blob.Sha256, cancellationToken))
        {
            await using var stream = new MemoryStream(content.ToArray(), writable: false);
            await UploadAsync(blob.Sha256, new PutObjectRequest { InputStream = stream, AutoCloseStream = false }, cancellationToken);
        }

        return blob;
    }

    public async Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default) =>
        Sha256Hex.IsValid(sha256) && await HeadAsync(sha256, cancellationToken) is not null;

    public async Task<long> SizeOfAsync(string sha256, CancellationToken cancellationToken = default) =>
        (await HeadAsync(sha256, cancellationToken) ?? throw Missing(sha256)).ContentLength;

    public async Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken = default)
    {
        if (!Sha256Hex.IsValid(sha256))
        {
            throw Missing(sha256);
        }

        var response = await CallAsync(async () =>
        {
            try
            {
                return await client.GetObjectAsync(bucket, KeyOf(sha256), cancellationToken);
            }
            catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.NotFound && error.ErrorCode != "NoSuchBucket")
            {
                return null;
            }
        });
        if (response is null || !IsComplete(response.Metadata, sha256))
        {
            response?.Dispose();
            throw Missing(sha256);
        }

        return new HashVerifyingStream(response.ResponseStream, sha256, IsMd5Mismatch);
    }

    public async IAsyncEnumerable<string> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix.Length > 0 ? prefix + "/" : "" };
        while (true)
        {
            var page = await CallAsync(() => client.ListObjectsV2Async(request, cancellationToken));
            foreach (var entry in page.S3Objects ?? [])
            {
                var name = entry.Key[request.Prefix.Length..];
                if (Sha256Hex.IsValid(name))
                {
                    yield return name;
                }
            }

            if (page.IsTruncated != true)
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task<bool> DeleteAsync(string sha256, CancellationToken cancellationToken = default)
    {
        if (!await ExistsAsync(sha256, cancellationToken))
        {
            return false;
        }

        await CallAsync(() => client.DeleteObjectAsync(bucket, KeyOf(sha256), cancellationToken));
        return true;
    }

    public void Dispose() => client.Dispose();

    private async Task UploadAsync(string sha256, PutObjectRequest request, CancellationToken cancellationToken)
    {
        request.BucketName = bucket;
        request.Key = KeyOf(sha256);
        request.ContentType = "application/octet-stream";
        // aws-chunked bodies (the SDK's default) are stored verbatim by some S3-compatible servers (s3rver); a plain signed body works everywhere.
        request.UseChunkEncoding = false;
        request.Metadata[Sha256Metadata] = sha256;
        await CallAsync(() => client.PutObjectAsync(request, cancellationToken));
    }

    /// <summary>The object's metadata when it is a complete blob, else null.</summary>
    private Task<GetObjectMetadataResponse?> HeadAsync(string sha256, CancellationToken cancellationToken) => CallAsync(async () =>
    {
        try
        {
            var head = await client.GetObjectMetadataAsync(bucket, KeyOf(sha256), cancellationToken);
            return IsComplete(head.Metadata, sha256) ? head : null;
        }
        catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.NotFound && error.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
    });

    // The SDK compares a whole-object GET with its MD5 ETag at the end; the sha256 check then names the damage.
    private static bool IsMd5Mismatch(Exception error) =>
        error is AmazonClientException && error.Message.Contains("Expected hash not equal to calculated hash", StringComparison.Ordinal);

    private static bool IsComplete(MetadataCollection metadata, string sha256) =>
        string.Equals(metadata[Sha256Metadata], sha256, StringComparison.Ordinal);

    private string KeyOf(string sha256) => prefix.Length > 0 ? $"{prefix}/{sha256}" : sha256;

    private static FileNotFoundException Missing(string sha256) => new($"No blob with sha256 {sha256}");

    /// <summary>Runs an S3 call, turning refusals and unreachable servers into a <see cref="BlobStoreException"/> that says what to check.</summary>
    internal async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.Forbidden || error.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied")
        {
            throw new BlobStoreException(
                $"The object store {Location} refused the request ({Describe(error)}). Check {BlobStoreSettings.Section}:S3:AccessKey and SecretKey " +
                "(HMAC keys for Google Cloud Storage) and that they may read and write the bucket.", error);
        }
        catch (AmazonS3Exception error) when (error.ErrorCode == "NoSuchBucket")
        {
            throw new BlobStoreException($"The bucket of {Location} does not exist; create it or correct {BlobStoreSettings.Section}:S3:Bucket.", error);
        }
        catch (AmazonServiceException error) when (error is not AmazonS3Exception || error.InnerException is HttpRequestException or IOException)
        {
            throw new BlobStoreException($"The object store {Location} cannot be reached ({error.InnerException?.Message ?? error.Message}); nothing was changed by this request.", error);
        }
        catch (Exception error) when (error is HttpRequestException or IOException && error is not FileNotFoundException)
        {
            throw new BlobStoreException($"The object store {Location} cannot be reached ({error.Message}); nothing was changed by this request.", error);
        }
    }

    // A HEAD answer has no body, so the SDK's message then only repeats the status.
    private static string Describe(AmazonS3Exception error) =>
        string.IsNullOrEmpty(error.ErrorCode) || error.Message.StartsWith("Error making request", StringComparison.Ordinal)
            ? $"HTTP {(int)error.StatusCode} {error.StatusCode}"
            : $"{error.ErrorCode}: {error.Message}";
}
