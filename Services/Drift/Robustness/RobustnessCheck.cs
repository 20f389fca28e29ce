using Mlops.Drift.Detection;
using Mlops.Drift.Model;
using Mlops.Drift.References;
using Mlops.Drift.Windows;
using Mlops.Imaging;
using Mlops.Scoring;
using Mlops.ServiceDefaults;

namespace Mlops.Drift.Robustness;

/// <summary>
/// How robust a model is to drift, and whether the drift tests notice: the model's accuracy on its test split under each
/// perturbation at each strength, and the verdict of the same window tests run on the perturbed images and outputs
/// against the model's reference.
/// </summary>
public sealed class RobustnessCheck(IReferenceSource source, ReferenceCache references, WindowAnalyzer analyzer, TimeProvider clock)
{
    public const int DefaultMaxSamples = 1000;
    public const int MaxSamplesLimit = 10_000;
    public const int MaxStrengths = 20;
    public const int MaxModelReferenceChars = 256;
    public static readonly IReadOnlyList<double> DefaultStrengths = [0.1, 0.2, 0.4, 0.6, 0.8];

    private static void ValidateLimits(RobustnessRequest request)
    {
        if (request.MaxSamples is < 0 or > MaxSamplesLimit)
        {
            throw DriftException.InvalidArgument($"max_samples must be between 0 (the default, {DefaultMaxSamples}) and {MaxSamplesLimit}, got {request.MaxSamples}.");
        }

        if (request.Strengths.Count > MaxStrengths || request.Perturbations.Count > MaxStrengths)
        {
            throw DriftException.InvalidArgument($"A robustness check takes at most {MaxStrengths} strengths and {MaxStrengths} perturbations.");
        }

        if (request.Model.Length > MaxModelReferenceChars || request.Model.Any(char.IsControl))
        {
            throw DriftException.InvalidArgument(
                $"The model reference '{EchoedInput.Of(request.Model)}' must be at most {MaxModelReferenceChars} characters without control characters (name/version or name@alias).");
        }
    }

    public async Task<RobustnessResult> RunAsync(RobustnessRequest request, CancellationToken cancellationToken)
    {
        ValidateLimits(request);
        var kinds = ParseKinds(request.Perturbations);
        var strengths = request.Strengths.Count > 0 ? [.. request.Strengths] : DefaultStrengths;
        if (strengths.Any(strength => !(strength >= 0 && strength <= 1)))
        {
            throw DriftException.InvalidArgument("Every strength must lie in [0, 1] (0 leaves the image unchanged, 1 is the strongest).");
        }

        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw DriftException.InvalidArgument("Give the model as name/version or name@alias.");
        }

        var model = await source.FindModelAsync(request.Model, cancellationToken)
            ?? throw DriftException.NotFound($"No registered model version matches '{EchoedInput.Of(request.Model)}'.");
        var reference = await references.GetAsync(model, cancellationToken);
        using var classifier = OnnxClassifier.Load(await source.DownloadModelAsync(model, cancellationToken));
        var maxSamples = request.MaxSamples > 0 ? request.MaxSamples : DefaultMaxSamples;
        var (pixels, labels) = await ReadTestSplitAsync(model, maxSamples, cancellationToken);
        var shape = classifier.InputShape;

        var baseline = Evaluate(classifier, model.Key, pixels, labels, out _);
        var results = new List<PerturbationOutcome>();
        var perturbed = new byte[pixels.Length];
        foreach (var kind in kinds)
        {
            foreach (var strength in strengths)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var perturbation = new Perturbation(kind, strength);
                for (var i = 0; i < labels.Length; i++)
                {
                    var range = new Range(i * shape.PixelCount, (i + 1) * shape.PixelCount);
                    perturbation.Apply(pixels.AsSpan(range), perturbed.AsSpan(range), shape.Height, shape.Width, request.Seed + i);
                }

                var accuracy = Evaluate(classifier, model.Key, perturbed, labels, out var window);
                var drift = analyzer.Analyze(reference, window);
                results.Add(new PerturbationOutcome(Name(kind), strength, accuracy, drift.Verdict == DriftVerdict.Drift, drift.DriftedShare));
            }
        }

        return new RobustnessResult(model.Key, baseline, labels.Length, results);
    }

    public static string Name(PerturbationKind kind) => kind switch
    {
        PerturbationKind.GaussianNoise => "gaussian_noise",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static List<PerturbationKind> ParseKinds(IEnumerable<string> names)
    {
        var kinds = new List<PerturbationKind>();
        foreach (var name in names)
        {
            var match = Enum.GetValues<PerturbationKind>().Where(kind => Name(kind) == name.Trim().ToLowerInvariant()).ToList();
            kinds.Add(match.Count == 1
                ? match[0]
                : throw DriftException.InvalidArgument(
                    $"Unknown perturbation '{name}'; use {string.Join(", ", Enum.GetValues<PerturbationKind>().Select(Name))}."));
        }

        return kinds.Count > 0 ? kinds : [.. Enum.GetValues<PerturbationKind>()];
    }

    private async Task<(byte[] Pixels, byte[] Labels)> ReadTestSplitAsync(ModelDescription model, int maxSamples, CancellationToken cancellationToken)
    {
        using var pixels = new MemoryStream();
        using var labels = new MemoryStream();
        await foreach (var batch in source.ReadTestSplitAsync(model.DatasetVersionId, maxSamples, 256, cancellationToken))
        {
            pixels.Write(batch.Pixels);
            labels.Write(batch.Labels);
        }

        return labels.Length > 0
            ? (pixels.ToArray(), labels.ToArray())
            : throw DriftException.FailedPrecondition($"Dataset version {model.DatasetVersionId} has no test split to perturb.");
    }

    /// <summary>Accuracy on the images, and the window of records the model would have sent for them.</summary>
    private double Evaluate(OnnxClassifier classifier, ModelKey model, byte[] pixels, byte[] labels, out LiveWindow window)
    {
        var classes = classifier.ClassCount;
        var shape = classifier.InputShape;
        var probabilities = new float[labels.Length * classes];
        classifier.Predict(pixels, labels.Length, probabilities);
        var now = clock.GetUtcNow();
        window = new LiveWindow("robustness", model, classes, now);
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = probabilities.AsSpan(i * classes, classes);
            var predicted = Softmax.ArgMax(row);
            correct += predicted == labels[i] ? 1 : 0;
            var features = ImageStatistics.Compute(pixels.AsSpan(i * shape.PixelCount, shape.PixelCount), shape.Height, shape.Width).ToArray();
            window.Add(new LiveRecord(now, ImageFeatures.Names.Select((name, f) => (name, f)).ToDictionary(pair => pair.name, pair => features[pair.f]),
                row.ToArray(), predicted));
        }

        window.Close(now);
        return labels.Length == 0 ? double.NaN : (double)correct / labels.Length;
    }
}
