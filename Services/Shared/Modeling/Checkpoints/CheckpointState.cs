using System.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Modeling.Checkpoints;

/// <summary>Writes the tensors of a training run into a checkpoint after its header, and puts them back.</summary>
internal static class CheckpointState
{
    public static TrainingCheckpoint Capture(CheckpointHeader header, CnnModel model, optim.Optimizer optimizer, BestWeights best)
    {
        using var stream = new MemoryStream();
        TrainingCheckpoint.WriteHeader(stream, header);
        // TorchSharp disposes the writers it is given, so every section gets its own over the one stream.
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            model.save(writer);
        }

        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            Helper(optimizer).save_state_dict(writer);
            var generator = model.GeneratorState();
            writer.Write(generator.Length);
            writer.Write(generator);
            best.Write(writer);
        }

        return new TrainingCheckpoint(header, stream.ToArray());
    }

    /// <summary>Loads the checkpoint's weights, optimizer state, generator state and best weights into freshly built ones.</summary>
    /// <exception cref="InvalidDataException">The checkpoint was written for another network or optimizer.</exception>
    public static void Restore(TrainingCheckpoint checkpoint, CnnModel model, optim.Optimizer optimizer, BestWeights best)
    {
        using var stream = new MemoryStream(checkpoint.Content, writable: false);
        TrainingCheckpoint.ReadHeader(stream);
        using (var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true))
        {
            model.load(reader, strict: true);
        }

        using (var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true))
        {
            Helper(optimizer).load_state_dict(reader);
            model.RestoreGeneratorState(reader.ReadBytes(reader.ReadInt32()));
            best.Read(reader, checkpoint.Header.BestLoss);
        }
    }

    private static OptimizerHelper Helper(optim.Optimizer optimizer) =>
        optimizer as OptimizerHelper ?? throw new NotSupportedException($"{optimizer.GetType().Name} cannot save its state.");
}
