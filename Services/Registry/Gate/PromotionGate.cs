using System.Diagnostics;
using System.Globalization;
using Mlops.Registry.Model;
using Mlops.Registry.Models;
using Mlops.Scoring;

namespace Mlops.Registry.Gate;

/// <summary>
/// The staged-model test: scores a candidate (and the current production version, for comparison) with ONNX Runtime on
/// the held-out test split of the candidate's dataset version, and checks the figures against the <see cref="GatePolicy"/>.
/// </summary>
public sealed class PromotionGate(ITestSplitSource testSplit, GatePolicy policy, TimeProvider clock)
{
    public const string SignatureCheck = "signature";
    public const string AccuracyCheck = "min_accuracy";
    public const string DropCheck = "max_accuracy_drop_vs_production";
    public const string LatencyCheck = "max_latency_ms_per_image";

    public async Task<GateVerdict> EvaluateAsync(GateCandidate candidate, GateCandidate? production, CancellationToken cancellationToken)
    {
        var datasetVersionId = candidate.Version.Lineage?.DatasetVersionId ?? "";
        if (datasetVersionId.Length == 0)
        {
            return Result([Check(SignatureCheck, false, 0, 0,
                $"{candidate.Label} has no lineage dataset version, so there is no held-out test split to evaluate it on; register it with lineage.dataset_version (or a run that has one).")],
                accuracy: 0, latency: 0, samples: 0);
        }

        var split = await testSplit.DescribeAsync(datasetVersionId, cancellationToken);
        var signatureProblem = SignatureProblem(candidate, split);
        if (signatureProblem is not null)
        {
            return Result([Check(SignatureCheck, false, 0, 0, signatureProblem)], accuracy: 0, latency: 0, samples: 0);
        }

        using var candidateModel = Classifier(candidate);
        using var productionModel = production is not null && SignatureProblem(production, split) is null ? Classifier(production) : null;
        long samples = 0, candidateCorrect = 0, productionCorrect = 0;
        var latencies = new List<double>();
        await foreach (var batch in testSplit.ReadAsync(datasetVersionId, policy.BatchSize, policy.MaxSamples, cancellationToken))
        {
            if (batch.Pixels.Length != batch.Count * split.PixelsPerImage)
            {
                throw RegistryException.FailedPrecondition(
                    $"The test split of {datasetVersionId} sent {batch.Pixels.Length} pixel bytes for {batch.Count} images of {split.Channels}x{split.Height}x{split.Width}.");
            }

            var take = policy.MaxSamples > 0 ? (int)Math.Min(batch.Count, policy.MaxSamples - samples) : batch.Count;
            if (take <= 0)
            {
                break;
            }

            var pixels = batch.Pixels.AsSpan(0, take * split.PixelsPerImage);
            var labels = batch.Labels.AsSpan(0, take);
            candidateCorrect += CountCorrect(candidateModel.PredictLabels(pixels, take), labels);
            if (productionModel is not null)
            {
                productionCorrect += CountCorrect(productionModel.PredictLabels(pixels, take), labels);
            }

            MeasureLatency(candidateModel, batch, split, latencies);
            samples += take;
        }

        if (samples == 0)
        {
            throw RegistryException.FailedPrecondition($"The test split of {datasetVersionId} is empty; the gate has nothing to evaluate on.");
        }

        var accuracy = (double)candidateCorrect / samples;
        var latency = Median(latencies);
        var checks = new List<GateCheckOutcome>
        {
            Check(SignatureCheck, true, 0, 0,
                $"input {SignatureComparison.Describe(Input(candidate))} fits {split.Channels}x{split.Height}x{split.Width} images and {split.ClassNames.Count} classes"),
            Check(AccuracyCheck, accuracy >= policy.MinAccuracy, accuracy, policy.MinAccuracy,
                $"accuracy {Figure(accuracy)} on {samples} test images, minimum {Figure(policy.MinAccuracy)}"),
            DropVersusProduction(production, productionModel is not null, accuracy, (double)productionCorrect / samples),
            Check(LatencyCheck, latency <= policy.MaxLatencyMsPerImage, latency, policy.MaxLatencyMsPerImage,
                $"median latency {latency.ToString("0.###", CultureInfo.InvariantCulture)} ms per image (one at a time, {latencies.Count} images), budget {policy.MaxLatencyMsPerImage.ToString("0.###", CultureInfo.InvariantCulture)} ms"),
        };
        return Result(checks, accuracy, latency, samples);
    }

    /// <summary>One line listing every measured figure, for the refusal message.</summary>
    public static string Describe(GateVerdict result) =>
        string.Join("; ", result.Checks.Select(check => $"{check.Name} {(check.Passed ? "passed" : "FAILED")}: {check.Message}"));

    private GateCheckOutcome DropVersusProduction(GateCandidate? production, bool compared, double accuracy, double productionAccuracy)
    {
        if (production is null)
        {
            return Check(DropCheck, true, 0, policy.MaxAccuracyDropVsProduction, "no production version to compare with");
        }

        if (!compared)
        {
            return Check(DropCheck, true, 0, policy.MaxAccuracyDropVsProduction,
                $"production {production.Label} cannot run on this test split (its signature differs), so it was not compared");
        }

        var drop = productionAccuracy - accuracy;
        return Check(DropCheck, drop <= policy.MaxAccuracyDropVsProduction, drop, policy.MaxAccuracyDropVsProduction,
            $"accuracy {Figure(accuracy)} vs production {production.Label} {Figure(productionAccuracy)} on the same images: drop {Figure(drop)}, allowed {Figure(policy.MaxAccuracyDropVsProduction)}");
    }

    private void MeasureLatency(OnnxClassifier model, LabeledBatch batch, TestSplitDescription split, List<double> latencies)
    {
        if (latencies.Count == 0 && batch.Count > 0)
        {
            model.PredictLabels(batch.Pixels.AsSpan(0, split.PixelsPerImage), 1); // warm-up: the first run allocates
        }

        for (var i = 0; i < batch.Count && latencies.Count < policy.LatencySamples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            model.PredictLabels(batch.Pixels.AsSpan(i * split.PixelsPerImage, split.PixelsPerImage), 1);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private OnnxClassifier Classifier(GateCandidate model) => OnnxClassifier.Load(model.Onnx, policy.IntraOpThreads);

    private static string? SignatureProblem(GateCandidate model, TestSplitDescription split)
    {
        var signature = model.Version.Signature;
        if (signature is null || signature.Inputs.Count != 1 || signature.Outputs.Count == 0)
        {
            return $"{model.Label} must have exactly one input and at least one output to score images";
        }

        var input = signature.Inputs[0];
        var shape = input.Shape;
        if (input.Datatype != "FP32" || shape.Count != 4 || shape[1] != split.Channels || shape[2] != split.Height || shape[3] != split.Width)
        {
            return $"{model.Label} input {SignatureComparison.Describe(input)} does not take FP32[-1,{split.Channels},{split.Height},{split.Width}] images of the test split";
        }

        var scores = ScoresOutput(model);
        if (scores.Shape.Count == 0 || scores.Shape[^1] != split.ClassNames.Count)
        {
            return $"{model.Label} output {SignatureComparison.Describe(scores)} does not score the split's {split.ClassNames.Count} classes";
        }

        if (model.Version.ClassNames.Count != split.ClassNames.Count)
        {
            return $"{model.Label} has {model.Version.ClassNames.Count} class names, the test split {split.ClassNames.Count}";
        }

        return null;
    }

    private static TensorDescription Input(GateCandidate model) => model.Version.Signature!.Inputs[0];

    private static TensorDescription ScoresOutput(GateCandidate model) =>
        new OnnxModelInfo(model.Version.Signature!, null).ScoresOutput;

    private static long CountCorrect(int[] predictions, ReadOnlySpan<byte> labels)
    {
        long correct = 0;
        for (var i = 0; i < predictions.Length; i++)
        {
            if (predictions[i] == labels[i])
            {
                correct++;
            }
        }

        return correct;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private GateVerdict Result(IReadOnlyList<GateCheckOutcome> checks, double accuracy, double latency, long samples) => new()
    {
        Passed = checks.All(check => check.Passed),
        Checks = checks,
        Accuracy = accuracy,
        LatencyMsPerImage = latency,
        Samples = samples,
        EvaluatedAt = clock.GetUtcNow(),
    };

    private static GateCheckOutcome Check(string name, bool passed, double measured, double threshold, string message) =>
        new(name, passed, measured, threshold, message);

    private static string Figure(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
