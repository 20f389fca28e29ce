namespace Mlops.Drift.V1;

/// <summary>
/// How much model lineage one <see cref="RecordBatch"/> may carry (its <c>models</c> entries and their texts): Drift refuses
/// a batch beyond these with INVALID_ARGUMENT, and Inference leaves out a lineage it could not send within them.
/// </summary>
public static class RecordBatchLimits
{
    /// <summary>Lineage entries in one batch: a batch names a few served versions, never thousands.</summary>
    public const int MaxModels = 64;

    /// <summary>Characters of each lineage text (model name, dataset version id, run id, ONNX sha256, each class name).</summary>
    public const int MaxTextChars = 256;

    /// <summary>Class names of one lineage entry.</summary>
    public const int MaxClassNames = 10_000;

    /// <summary>What is beyond the limits in the batch's lineage, naming the limit; null when it is within them.</summary>
    public static string? Problem(RecordBatch batch)
    {
        if (batch.Models.Count > MaxModels)
        {
            return $"The batch carries {batch.Models.Count} model lineage entries; at most {MaxModels} (RecordBatchLimits.MaxModels) are accepted. Send one entry per model version the records name.";
        }

        for (var i = 0; i < batch.Models.Count; i++)
        {
            if (Problem(batch.Models[i]) is { } problem)
            {
                return $"Model lineage entry {i}: {problem}";
            }
        }

        return null;
    }

    /// <summary>What is beyond the limits in one lineage entry; null when it is within them.</summary>
    public static string? Problem(ModelLineage lineage)
    {
        if (lineage.ClassNames.Count > MaxClassNames)
        {
            return $"{lineage.ClassNames.Count} class names; at most {MaxClassNames} (RecordBatchLimits.MaxClassNames) are accepted.";
        }

        var texts = new[]
        {
            ("model_name", lineage.ModelName), ("dataset_version_id", lineage.DatasetVersionId), ("run_id", lineage.RunId),
            ("onnx_sha256", lineage.OnnxSha256),
        }.Concat(lineage.ClassNames.Select(name => ("class_names", name)));
        foreach (var (field, value) in texts)
        {
            if (value.Length > MaxTextChars)
            {
                return $"{field} is {value.Length} characters; at most {MaxTextChars} (RecordBatchLimits.MaxTextChars) are accepted.";
            }
        }

        return null;
    }
}
