using System.Buffers.Binary;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>
/// <c>--set distinct=true</c>: every request carries a different image (its first four pixels hold a request counter), so
/// no prediction cache can answer and every request runs the model, as with real traffic.
/// </summary>
public sealed class DistinctInputs
{
    private long counter;

    private DistinctInputs(bool enabled) => Enabled = enabled;

    public bool Enabled { get; }

    public static DistinctInputs FromSettings(ScenarioSettings settings) => settings.GetString("distinct", "false").ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => new DistinctInputs(true),
        "false" or "0" or "no" => new DistinctInputs(false),
        var other => throw new FormatException($"Setting distinct={other}: use true or false."),
    };

    /// <summary>The pixels as bytes, the first four replaced by the next counter value.</summary>
    public byte[] Next(byte[] pixels)
    {
        var copy = (byte[])pixels.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy, NextValue());
        return copy;
    }

    /// <summary>The pixels as little-endian FP32 in [0, 1], the first four replaced by the next counter value's bytes / 255.</summary>
    public byte[] NextFloats(byte[] littleEndianFloats)
    {
        var copy = (byte[])littleEndianFloats.Clone();
        var value = NextValue();
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(copy.AsSpan(i * sizeof(float)), ((value >> (8 * i)) & 0xFF) / 255f);
        }

        return copy;
    }

    private uint NextValue() => (uint)Interlocked.Increment(ref counter);
}
