using Mlops.Drift.V1;

namespace Mlops.Frontend.Platform;

/// <summary>Drift reports of successive windows as curves: the drifted share, and each feature's p-value, window by window.</summary>
public static class DriftTimeline
{
    public static CurveSeries DriftedShare(IReadOnlyList<DriftReport> reports) =>
        new("drifted share", reports.Select((report, index) => ((long)index, report.DriftedShare)).ToList());

    public static IReadOnlyList<CurveSeries> PValues(IReadOnlyList<DriftReport> reports) =>
        reports.SelectMany((report, index) => report.Tests
                .Where(test => test.Verdict != TestVerdict.NotEnoughData)
                .Select(test => (test.Feature, Point: ((long)index, test.PValue))))
            .GroupBy(item => item.Feature)
            .Select(group => new CurveSeries(group.Key, group.Select(item => item.Point).ToList()))
            .ToList();
}
