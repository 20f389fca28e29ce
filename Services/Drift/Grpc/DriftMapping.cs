using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mlops.Drift.Model;
using Mlops.Drift.V1;
using static Mlops.Common.V1.MessageFields;
using ProtoHistogram = Mlops.Common.V1.Histogram;

namespace Mlops.Drift.Grpc;

/// <summary>
/// The one place where Drift's records meet the generated contract types, both ways. Windows, reports and alerts are
/// also stored as their contract encoding (<see cref="ToBytes(WindowReport)"/>), so databases written before keep reading.
/// </summary>
public static class DriftMapping
{
    private static readonly JsonFormatter JsonWithDefaults = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithFormatEnumsAsIntegers(false));

    public static IncomingBatch ToDomain(this RecordBatch batch) => new(
        [.. batch.FeatureNames],
        [.. batch.Records.Select(record => new IncomingRecord
        {
            ModelName = record.ModelName,
            ModelVersion = record.ModelVersion,
            Timestamp = record.Timestamp?.ToDateTimeOffset(),
            Features = [.. record.Features],
            Probabilities = [.. record.Probabilities],
            PredictedLabel = record.PredictedLabel,
            RequestId = record.RequestId,
        })])
    {
        Models = [.. batch.Models.Select(model => new ModelDescription(
            new ModelKey(model.ModelName, model.ModelVersion), model.DatasetVersionId, [.. model.ClassNames], model.OnnxSha256, model.RunId))],
    };

    public static RobustnessRequest ToDomain(this RobustnessCheckRequest request) => new()
    {
        Model = request.Model,
        Perturbations = [.. request.Perturbations],
        Strengths = [.. request.Strengths],
        MaxSamples = request.MaxSamples,
        Seed = request.Seed,
    };

    public static RobustnessReport ToMessage(this RobustnessResult result)
    {
        var report = new RobustnessReport
        {
            ModelName = result.Model.Name,
            ModelVersion = result.Model.Version,
            BaselineAccuracy = result.BaselineAccuracy,
            Samples = result.Samples,
        };
        report.Results.AddRange(result.Results.Select(outcome => new PerturbationResult
        {
            Perturbation = outcome.Perturbation,
            Strength = outcome.Strength,
            Accuracy = outcome.Accuracy,
            DriftDetected = outcome.DriftDetected,
            DriftedShare = outcome.DriftedShare,
        }));
        return report;
    }

    public static Window ToMessage(this WindowSummary window) => new()
    {
        Id = window.Id,
        ModelName = window.Model.Name,
        ModelVersion = window.Model.Version,
        OpenedAt = Timestamp.FromDateTimeOffset(window.OpenedAt),
        ClosedAt = Stamp(window.ClosedAt),
        RecordCount = window.RecordCount,
        RecordsSeen = window.RecordsSeen,
        Closed = window.Closed,
        DriftDetected = window.DriftDetected,
    };

    public static WindowSummary ToDomain(this Window window) => new()
    {
        Id = window.Id,
        Model = new ModelKey(window.ModelName, window.ModelVersion),
        OpenedAt = window.OpenedAt?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch,
        ClosedAt = window.ClosedAt?.ToDateTimeOffset(),
        RecordCount = window.RecordCount,
        RecordsSeen = window.RecordsSeen,
        Closed = window.Closed,
        DriftDetected = window.DriftDetected,
    };

    public static DriftReport ToMessage(this WindowReport report)
    {
        var message = new DriftReport
        {
            Window = report.Window.ToMessage(),
            ReferenceDatasetVersion = report.ReferenceDatasetVersionId,
            DriftedShare = report.DriftedShare,
            DriftShareThreshold = report.DriftShareThreshold,
            Correction = report.Correction,
            Alpha = report.Alpha,
            Verdict = report.Verdict.ToMessage(),
            Summary = report.Summary,
            Rule = report.Rule,
            ReferenceAccuracy = report.ReferenceAccuracy,
        };
        message.Tests.AddRange(report.Tests.Select(ToMessage));
        return message;
    }

    public static WindowReport ToDomain(this DriftReport report) => new()
    {
        Window = (report.Window ?? new Window()).ToDomain(),
        ReferenceDatasetVersionId = report.ReferenceDatasetVersion,
        Tests = [.. report.Tests.Select(ToDomain)],
        DriftedShare = report.DriftedShare,
        DriftShareThreshold = report.DriftShareThreshold,
        Correction = report.Correction,
        Alpha = report.Alpha,
        Verdict = report.Verdict.ToDomain(),
        Summary = report.Summary,
        Rule = report.Rule,
        ReferenceAccuracy = report.ReferenceAccuracy,
    };

    public static Alert ToMessage(this DriftAlert alert)
    {
        var message = new Alert
        {
            Id = alert.Id,
            ModelName = alert.Model.Name,
            ModelVersion = alert.Model.Version,
            RaisedAt = Timestamp.FromDateTimeOffset(alert.RaisedAt),
            ConsecutiveWindows = alert.ConsecutiveWindows,
            Message = alert.Message,
            Acknowledged = alert.Acknowledged,
            AcknowledgedBy = alert.AcknowledgedBy,
            AcknowledgedAt = Stamp(alert.AcknowledgedAt),
        };
        message.DriftedFeatures.AddRange(alert.DriftedFeatures);
        return message;
    }

    public static DriftAlert ToDomain(this Alert alert) => new()
    {
        Id = alert.Id,
        Model = new ModelKey(alert.ModelName, alert.ModelVersion),
        RaisedAt = alert.RaisedAt?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch,
        ConsecutiveWindows = alert.ConsecutiveWindows,
        DriftedFeatures = [.. alert.DriftedFeatures],
        Message = alert.Message,
        Acknowledged = alert.Acknowledged,
        AcknowledgedBy = alert.AcknowledgedBy,
        AcknowledgedAt = alert.AcknowledgedAt?.ToDateTimeOffset(),
    };

    public static byte[] ToBytes(this WindowSummary window) => window.ToMessage().ToByteArray();

    public static byte[] ToBytes(this WindowReport report) => report.ToMessage().ToByteArray();

    public static byte[] ToBytes(this DriftAlert alert) => alert.ToMessage().ToByteArray();

    public static WindowSummary WindowFromBytes(byte[] bytes) => Window.Parser.ParseFrom(bytes).ToDomain();

    public static WindowReport ReportFromBytes(byte[] bytes) => DriftReport.Parser.ParseFrom(bytes).ToDomain();

    public static DriftAlert AlertFromBytes(byte[] bytes) => Alert.Parser.ParseFrom(bytes).ToDomain();

    private static FeatureTest ToMessage(FeatureTestResult test) => new()
    {
        Feature = test.Feature,
        Test = test.Test,
        Statistic = test.Statistic,
        PValue = test.PValue,
        AdjustedPValue = test.AdjustedPValue,
        WassersteinDistance = test.WassersteinDistance,
        Psi = test.Psi,
        Verdict = test.Verdict.ToMessage(),
        Reference = test.Reference?.ToMessage(),
        Current = test.Current?.ToMessage(),
        ReferenceCount = test.ReferenceCount,
        CurrentCount = test.CurrentCount,
        Note = test.Note,
    };

    private static FeatureTestResult ToDomain(FeatureTest test) => new()
    {
        Feature = test.Feature,
        Test = test.Test,
        Statistic = test.Statistic,
        PValue = test.PValue,
        AdjustedPValue = test.AdjustedPValue,
        WassersteinDistance = test.WassersteinDistance,
        Psi = test.Psi,
        Verdict = test.Verdict.ToDomain(),
        Reference = test.Reference?.ToDomain(),
        Current = test.Current?.ToDomain(),
        ReferenceCount = test.ReferenceCount,
        CurrentCount = test.CurrentCount,
        Note = test.Note,
    };

    private static ProtoHistogram ToMessage(this Histogram histogram)
    {
        var message = new ProtoHistogram { Min = histogram.Min, Max = histogram.Max };
        message.Counts.AddRange(histogram.Counts);
        return message;
    }

    private static Histogram ToDomain(this ProtoHistogram histogram) => new(histogram.Min, histogram.Max, [.. histogram.Counts]);

    private static TestVerdict ToMessage(this DriftVerdict verdict) => verdict switch
    {
        DriftVerdict.NoDrift => TestVerdict.NoDrift,
        DriftVerdict.Drift => TestVerdict.Drift,
        DriftVerdict.NotEnoughData => TestVerdict.NotEnoughData,
        _ => TestVerdict.Unspecified,
    };

    private static DriftVerdict ToDomain(this TestVerdict verdict) => verdict switch
    {
        TestVerdict.NoDrift => DriftVerdict.NoDrift,
        TestVerdict.Drift => DriftVerdict.Drift,
        TestVerdict.NotEnoughData => DriftVerdict.NotEnoughData,
        _ => DriftVerdict.Unspecified,
    };

    /// <summary>An alert in the contract's JSON form (every field shown), as Redis subscribers and webhook receivers get it.</summary>
    public static string ToContractJson(this DriftAlert alert) => JsonWithDefaults.Format(alert.ToMessage());

    /// <summary>A report in the contract's JSON form, every field shown and enums by name.</summary>
    public static string ToContractJson(this WindowReport report) => JsonWithDefaults.Format(report.ToMessage());
}
