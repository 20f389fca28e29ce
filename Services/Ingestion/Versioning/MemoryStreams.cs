using System.Runtime.InteropServices;

namespace Mlops.Ingestion.Versioning;

internal static class MemoryStreams
{
    /// <summary>A read-only stream over <paramref name="memory"/> without copying it.</summary>
    public static Stream Over(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(memory.ToArray(), writable: false);
}
