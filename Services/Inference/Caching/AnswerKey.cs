using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Mlops.Inference.Serving;

namespace Mlops.Inference.Caching;

/// <summary>
/// What a cached answer is filed under: the model version and 128 bits of the sha256 of the model-ready input.
/// A value type, so the in-process tier looks answers up without building a string per request.
/// </summary>
public readonly record struct AnswerKey(string Model, int Version, UInt128 InputHash)
{
    public static AnswerKey For(ServedModel model, ReadOnlySpan<float> input)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(input), hash);
        return new AnswerKey(model.Name, model.Version, BinaryPrimitives.ReadUInt128BigEndian(hash));
    }

    /// <summary>The key in the shared cache (Redis).</summary>
    public string SharedKey => $"inference:{Model}:{Version}:{InputHash:x32}";
}
