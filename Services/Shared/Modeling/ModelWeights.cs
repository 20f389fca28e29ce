namespace Mlops.Modeling;

/// <summary>
/// TorchSharp's own state-dict format (readable from PyTorch through TorchSharp's exportsd.py).
/// The file holds weights only: load it into a model built from the same <see cref="CnnConfig"/>.
/// </summary>
public static class ModelWeights
{
    public static void Save(CnnModel model, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(model);
        // TorchSharp disposes the writer it is given; leaveOpen keeps the caller's stream usable.
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        model.save(writer);
    }

    public static void Save(CnnModel model, string path)
    {
        using var file = File.Create(path);
        Save(model, file);
    }

    /// <summary>A new model in evaluation mode with the weights from <paramref name="source"/>.</summary>
    public static CnnModel Load(CnnConfig config, Stream source)
    {
        var model = new CnnModel(config);
        try
        {
            using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
            model.load(reader, strict: true);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public static CnnModel Load(CnnConfig config, string path)
    {
        using var file = File.OpenRead(path);
        return Load(config, file);
    }
}
