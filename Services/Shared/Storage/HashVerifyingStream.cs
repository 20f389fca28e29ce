using System.Security.Cryptography;

namespace Mlops.Storage;

/// <summary>
/// A read-only stream that hashes what passes through and throws at the end if it is not the expected content.
/// <paramref name="integrityFailure"/> recognises the inner stream's own end-of-stream check failing (an SDK's MD5 check),
/// which then ends the stream so that the sha256 comparison reports it.
/// </summary>
internal sealed class HashVerifyingStream(Stream inner, string expectedSha256, Func<Exception, bool>? integrityFailure = null) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool verified;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (Exception error) when (integrityFailure?.Invoke(error) == true)
        {
            read = 0;
        }

        return Observe(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception error) when (integrityFailure?.Invoke(error) == true)
        {
            read = 0;
        }

        return Observe(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Observe(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length > 0)
        {
            hash.AppendData(chunk);
        }
        else if (!verified)
        {
            verified = true;
            var actual = Sha256Hex.Of(hash);
            if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ContentHashMismatchException(expectedSha256, actual);
            }
        }

        return chunk.Length;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
