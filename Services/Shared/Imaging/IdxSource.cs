using System.IO.Compression;

namespace Mlops.Imaging;

/// <summary>
/// The decompressed content of an IDX stream, gzipped or not, with read failures turned into
/// <see cref="InvalidImageDataException"/> that name the file kind.
/// </summary>
internal sealed class IdxSource : IDisposable
{
    // Buffers for a body grow from here, so a header that lies about its size cannot make us
    // allocate gigabytes before the data proves to be there. The full Fashion-MNIST train set fits.
    private const int InitialBodyCapacity = 64 << 20;

    private readonly Stream _content;

    private IdxSource(Stream content, bool isGzip, string fileKind)
    {
        _content = content;
        IsGzip = isGzip;
        FileKind = fileKind;
    }

    public bool IsGzip { get; }

    public string FileKind { get; }

    public string TruncationHint => IsGzip
        ? "; the gzip data ends early, so the file is probably truncated (an interrupted download or copy)"
        : "; the file is probably truncated";

    public static IdxSource Open(Stream source, string fileKind)
    {
        ArgumentNullException.ThrowIfNull(source);
        var sniffed = new byte[2];
        int sniffedLength = source.ReadAtLeast(sniffed, sniffed.Length, throwOnEndOfStream: false);
        Stream content = new PrefixedStream(sniffed, sniffedLength, source);
        bool isGzip = sniffedLength == 2 && sniffed[0] == 0x1F && sniffed[1] == 0x8B;
        if (isGzip)
        {
            content = new GZipStream(content, CompressionMode.Decompress, leaveOpen: true);
        }

        return new IdxSource(content, isGzip, fileKind);
    }

    public int ReadUpTo(Span<byte> buffer)
    {
        try
        {
            return _content.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidImageDataException($"{FileKind} is gzipped but its gzip data is corrupt: {e.Message}", e);
        }
    }

    /// <summary>Reads up to <paramref name="expected"/> bytes; returns the buffer and how many arrived.</summary>
    public (byte[] Buffer, int Filled) ReadBody(int expected)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(Math.Min(expected, InitialBodyCapacity));
        int filled = 0;
        while (true)
        {
            filled += ReadUpTo(buffer.AsSpan(filled));
            if (filled < buffer.Length || filled == expected)
            {
                return (buffer, filled);
            }

            var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(expected, buffer.Length * 2L));
            buffer.AsSpan().CopyTo(grown);
            buffer = grown;
        }
    }

    public long CountRemaining()
    {
        Span<byte> scratch = stackalloc byte[4096];
        long total = 0;
        int n;
        while ((n = ReadUpTo(scratch)) > 0)
        {
            total += n;
        }

        return total;
    }

    public void Dispose()
    {
        if (IsGzip)
        {
            _content.Dispose();
        }
    }
}
