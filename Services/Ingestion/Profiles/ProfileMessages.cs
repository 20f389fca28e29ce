using Mlops.Common.V1;
using Mlops.Ingestion.V1;

namespace Mlops.Ingestion.Profiles;

/// <summary>The stored and served form of a profile: the contract's DatasetProfile message.</summary>
public static class ProfileMessages
{
    public static DatasetProfile ToMessage(string datasetVersionId, IReadOnlyList<SplitProfileData> splits, IReadOnlyList<string> classNames)
    {
        var profile = new DatasetProfile { VersionId = datasetVersionId };
        foreach (var split in splits)
        {
            var message = new SplitProfile { Split = (Split)split.Split };
            message.Classes.AddRange(split.ClassCounts.Select((count, label) =>
                new ClassCount { Label = label, ClassName = classNames[label], Count = count }));
            message.Features.AddRange(split.Features.Select(ToMessage));
            profile.Splits.Add(message);
        }

        return profile;
    }

    private static FeatureSummary ToMessage(FeatureProfile feature)
    {
        var summary = feature.Summary;
        var message = new FeatureSummary
        {
            Name = feature.Name,
            Count = summary.Count,
            Mean = summary.Mean,
            StdDev = summary.Count < 2 ? 0 : summary.StandardDeviation,
            Min = summary.Min,
            Max = summary.Max,
            Histogram = new Histogram { Min = summary.Histogram.Min, Max = summary.Histogram.Max },
        };
        message.Histogram.Counts.AddRange(summary.Histogram.Counts);
        message.Quantiles.AddRange(feature.Quantiles);
        message.Sample.AddRange(summary.Reservoir);
        return message;
    }
}
