using System.Globalization;
using Mlops.Modeling;
using Mlops.Modeling.Compression;
using Mlops.Modeling.Onnx;
using Mlops.Training.Configs;

namespace Mlops.Training.Jobs;

/// <summary>A compressed copy of a job's model, registered as a model version of its own.</summary>
public sealed record ModelVariant(string Name, string ArtifactPrefix, byte[] Onnx, byte[]? Weights, Dictionary<string, double> Metrics, string Description);

/// <summary>
/// Builds the variants a config asks for from the trained fp32 model: int8 (static QDQ quantization calibrated on the
/// first <c>export.calibration_images</c> training images) and pruned (magnitude pruning to <c>export.prune_sparsity</c>,
/// then <c>export.prune_finetune_epochs</c> of fine-tuning). Each is scored by ONNX Runtime on the test split, as the
/// Registry's gate and the inference service will run it.
/// </summary>
public static class ModelVariants
{
    public const string WeightBits = "weight_bits";
    public const string Sparsity = "sparsity";
    public const string ParentVersion = "parent_version";
    public const string Top1AgreementWithParent = "top1_agreement_with_parent";

    /// <summary>Synchronous and TorchSharp-bound (the pruned variant fine-tunes): run it on a dedicated thread.</summary>
    public static List<ModelVariant> Build(ExportVariants asked, TrainingOptions options, CnnConfig network, byte[] fp32Onnx, byte[] fp32Weights,
        OnnxExportInfo exportInfo, LabeledImages train, LabeledImages test, CancellationToken cancellationToken)
    {
        var variants = new List<ModelVariant>();
        if (!asked.Any)
        {
            return variants;
        }

        using var parent = new OnnxRunner(fp32Onnx, options.Threads);
        var parentPredictions = parent.Predict(test);
        if (asked.Int8)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var calibration = train.Take(asked.CalibrationImages);
            var int8 = Int8Quantizer.Quantize(fp32Onnx, calibration, options.Threads);
            variants.Add(new ModelVariant("int8", "model.int8", int8, null,
                Score(int8, test, parentPredictions, options.Threads, bits: 8, sparsity: 0),
                $"int8 (QDQ: uint8 activations calibrated on {calibration.Count} training images, int8 weights)"));
        }

        if (asked.PruneSparsity > 0)
        {
            using var model = ModelWeights.Load(network, new MemoryStream(fp32Weights));
            PrunedFineTuning.PruneAndFineTune(model, asked.PruneSparsity, train, options, asked.PruneFineTuneEpochs, cancellationToken);
            var sparsity = MagnitudePruner.Sparsity(model);
            var metadata = new Dictionary<string, string>(exportInfo.Metadata)
            {
                [Int8Quantizer.PrecisionKey] = "fp32",
                [Sparsity] = sparsity.ToString("0.####", CultureInfo.InvariantCulture),
            };
            var onnx = OnnxExporter.Export(model, exportInfo with { Metadata = metadata });
            using var weights = new MemoryStream();
            ModelWeights.Save(model, weights);
            variants.Add(new ModelVariant("pruned", "model.pruned", onnx, weights.ToArray(),
                Score(onnx, test, parentPredictions, options.Threads, bits: 32, sparsity),
                $"pruned to {sparsity:P1} of its weights by magnitude, fine-tuned {asked.PruneFineTuneEpochs} epoch(s)"));
        }
        return variants;
    }

    private static Dictionary<string, double> Score(byte[] onnx, LabeledImages test, int[] parentPredictions, int threads, int bits, double sparsity)
    {
        using var runner = new OnnxRunner(onnx, threads);
        var predictions = runner.Predict(test);
        var correct = 0;
        var agree = 0;
        for (var i = 0; i < predictions.Length; i++)
        {
            correct += predictions[i] == test.Labels[i] ? 1 : 0;
            agree += predictions[i] == parentPredictions[i] ? 1 : 0;
        }
        return new Dictionary<string, double>
        {
            [MetricNames.TestAccuracy] = (double)correct / test.Count,
            [Top1AgreementWithParent] = (double)agree / test.Count,
            [WeightBits] = bits,
            [Sparsity] = sparsity,
        };
    }
}
