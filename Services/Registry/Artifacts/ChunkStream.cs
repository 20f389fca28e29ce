namespace Mlops.Registry.Artifacts;

/// <summary>A forward-only read stream over chunks as they arrive (an upload's messages), so they can be stored without buffering the whole artifact.</summary>
internal sealed class ChunkStream(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken) : Stream
{
    private readonly IAsyncEnumerator<ReadOnlyMemory<byte>> enumerator = chunks.GetAsyncEnumerator(cancellationToken);
    private ReadOnlyMemory<byte> current;
    private bool finished;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken token = default)
    {
        while (current.IsEmpty && !finished)
        {
            if (await enumerator.MoveNextAsync())
            {
                current = enumerator.Current;
            }
            else
            {
                finished = true;
            }
        }

        var count = Math.Min(buffer.Length, current.Length);
        current.Span[..count].CopyTo(buffer.Span);
        current = current[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken token) =>
        ReadAsync(buffer.AsMemory(offset, count), token).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await enumerator.DisposeAsync();
        await base.DisposeAsync();
    }
}
