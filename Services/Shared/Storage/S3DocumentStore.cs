using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Mlops.Storage;

/// <summary>Documents as objects under <c>prefix/name</c> in a bucket; a PUT replaces an object whole.</summary>
public sealed class S3DocumentStore(IAmazonS3 client, string bucket, string prefix) : IDocumentStore, IDisposable
{
    private readonly string prefix = S3Settings.Join(prefix);
    private readonly S3BlobStore errors = new(client, bucket, prefix);

    public string Location => errors.Location;

    public Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        errors.CallAsync(async () =>
        {
            await using var stream = new MemoryStream(content.ToArray(), writable: false);
            return await client.PutObjectAsync(
                new PutObjectRequest { BucketName = bucket, Key = KeyOf(name), InputStream = stream, UseChunkEncoding = false },
                cancellationToken);
        });

    public Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        errors.CallAsync(async () =>
        {
            try
            {
                using var response = await client.GetObjectAsync(bucket, KeyOf(name), cancellationToken);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
                return buffer.ToArray();
            }
            catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.NotFound && error.ErrorCode != "NoSuchBucket")
            {
                return null;
            }
        });

    public void Dispose() => client.Dispose();

    private string KeyOf(string name) => S3Settings.Join(prefix, name);
}
