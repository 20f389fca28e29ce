using Mlops.Drift.Model;

namespace Mlops.Drift.Monitoring;

/// <summary>The records of a batch that can go into windows, by model version, and a reason for each one that cannot.</summary>
public sealed record ValidatedBatch(IReadOnlyDictionary<ModelKey, List<LiveRecord>> Accepted, IReadOnlyList<string> Reasons, int Rejected, int UnknownModel);

/// <summary>
/// Checks prediction records: a registered model version, one finite value per named feature, one finite, non-negative
/// probability per class of the model summing to 1 (within <see cref="ProbabilityTolerance"/>), a predicted class in range.
/// </summary>
public static class RecordValidator
{
    public const double ProbabilityTolerance = 1e-3;

    public static ValidatedBatch Validate(
        IncomingBatch batch, IReadOnlyDictionary<ModelKey, ModelDescription?> models, DateTimeOffset now)
    {
        var accepted = new Dictionary<ModelKey, List<LiveRecord>>();
        var reasons = new List<string>();
        int rejected = 0, unknownModel = 0;
        var names = batch.FeatureNames;
        var duplicate = names.GroupBy(name => name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1)?.Key;
        for (var i = 0; i < batch.Records.Count; i++)
        {
            var record = batch.Records[i];
            var key = new ModelKey(record.ModelName, record.ModelVersion);
            var model = models.GetValueOrDefault(key);
            var reason = duplicate is not null
                ? $"the batch names feature '{duplicate}' twice"
                : string.IsNullOrEmpty(record.ModelName) || record.ModelVersion <= 0
                    ? "it names no model version (model_name and a positive model_version are required)"
                    : model is null
                        ? $"model {key} is not registered"
                        : Check(record, names.Count, model.ClassNames.Count);
            if (reason is null)
            {
                var features = new Dictionary<string, double>(names.Count, StringComparer.Ordinal);
                for (var f = 0; f < names.Count; f++)
                {
                    features[names[f]] = record.Features[f];
                }

                var timestamp = record.Timestamp ?? now;
                if (!accepted.TryGetValue(key, out var list))
                {
                    accepted[key] = list = [];
                }

                list.Add(new LiveRecord(timestamp, features, [.. record.Probabilities], record.PredictedLabel));
                continue;
            }

            rejected++;
            unknownModel += model is null && duplicate is null && record.ModelVersion > 0 && record.ModelName.Length > 0 ? 1 : 0;
            var id = string.IsNullOrEmpty(record.RequestId) ? "" : $" ({record.RequestId})";
            reasons.Add($"record {i}{id}: {reason}");
        }

        return new ValidatedBatch(accepted, reasons, rejected, unknownModel);
    }

    private static string? Check(IncomingRecord record, int featureCount, int classCount)
    {
        if (record.Features.Count != featureCount)
        {
            return $"{record.Features.Count} feature values, but the batch names {featureCount} features";
        }

        var badFeature = record.Features.Select((value, index) => (value, index)).FirstOrDefault(pair => !double.IsFinite(pair.value));
        if (record.Features.Count > 0 && !double.IsFinite(record.Features[badFeature.index]))
        {
            return $"feature {badFeature.index} is {record.Features[badFeature.index]}, not a finite number";
        }

        if (record.Probabilities.Count != classCount)
        {
            return $"{record.Probabilities.Count} probabilities, but the model has {classCount} classes";
        }

        if (record.Probabilities.Any(p => !float.IsFinite(p) || p < 0))
        {
            return "a probability is negative or not a finite number";
        }

        var sum = record.Probabilities.Sum(p => (double)p);
        if (Math.Abs(sum - 1) > ProbabilityTolerance)
        {
            return $"the probabilities sum to {sum:0.####}, not 1";
        }

        return record.PredictedLabel < 0 || record.PredictedLabel >= classCount
            ? $"predicted_label {record.PredictedLabel} is outside the model's {classCount} classes"
            : null;
    }
}
