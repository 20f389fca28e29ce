using System.Text;
using System.Text.Json;

namespace Mlops.Modeling.Checkpoints;

/// <summary>
/// Everything needed to continue a training run after an epoch exactly as if it had never stopped: the weights, the
/// optimizer's moments and step counts, the dropout generator's state, the best epoch's weights and the epoch
/// history. The learning-rate schedule needs no state of its own (it is a function of epoch and step), and the data
/// order and augmentation of later epochs are replayed from the seed. <see cref="Content"/> is the stored form.
/// </summary>
public sealed class TrainingCheckpoint
{
    public const string MediaType = "application/x-mlops-training-checkpoint";
    private static readonly byte[] Magic = "MLOPSCKP"u8.ToArray();
    private const int FormatVersion = 1;

    internal TrainingCheckpoint(CheckpointHeader header, byte[] content)
    {
        Header = header;
        Content = content;
    }

    /// <summary>The last finished epoch (1-based).</summary>
    public int Epoch => Header.Epoch;

    public int BestEpoch => Header.BestEpoch;

    /// <summary>Whether early stopping ended the training at <see cref="Epoch"/>.</summary>
    public bool StoppedEarly => Header.StoppedEarly;

    /// <summary>The metrics of every epoch up to <see cref="Epoch"/>.</summary>
    public IReadOnlyList<EpochMetrics> Epochs => Header.Epochs.Select(e => e.ToMetrics()).ToList();

    /// <summary>The checkpoint as bytes, to store and to read back with <see cref="Read"/>.</summary>
    public byte[] Content { get; }

    internal CheckpointHeader Header { get; }

    /// <summary>The name a run stores the checkpoint of an epoch under, e.g. checkpoints/epoch-0003.ckpt.</summary>
    public static string ArtifactName(int epoch) => $"checkpoints/epoch-{epoch:D4}.ckpt";

    /// <summary>The epoch of a checkpoint artifact's name, or null for any other name.</summary>
    public static int? EpochOfArtifact(string name) =>
        name.StartsWith("checkpoints/epoch-", StringComparison.Ordinal) && name.EndsWith(".ckpt", StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(18, name.Length - 23), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var epoch)
            ? epoch
            : null;

    /// <summary>Reads a stored checkpoint's header; the tensors are read when training resumes from it.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a checkpoint this version can read.</exception>
    public static TrainingCheckpoint Read(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var stream = new MemoryStream(content, writable: false);
        var header = ReadHeader(stream);
        return new TrainingCheckpoint(header, content);
    }

    internal static void WriteHeader(Stream stream, CheckpointHeader header)
    {
        stream.Write(Magic);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(FormatVersion);
        writer.Write(JsonSerializer.Serialize(header, CheckpointJson.Default.CheckpointHeader));
    }

    internal static CheckpointHeader ReadHeader(Stream stream)
    {
        Span<byte> magic = stackalloc byte[8];
        if (stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) != magic.Length || !magic.SequenceEqual(Magic))
        {
            throw new InvalidDataException("This is not a training checkpoint (its first bytes are not MLOPSCKP).");
        }

        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"The checkpoint has format version {version}; this build reads version {FormatVersion}.");
        }

        return JsonSerializer.Deserialize(reader.ReadString(), CheckpointJson.Default.CheckpointHeader)
            ?? throw new InvalidDataException("The checkpoint has an empty header.");
    }
}
