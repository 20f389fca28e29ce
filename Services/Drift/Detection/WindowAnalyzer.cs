using Mlops.Drift.Configuration;
using Mlops.Drift.Model;
using Mlops.Drift.References;
using Mlops.Drift.Windows;
using Mlops.Statistics;

namespace Mlops.Drift.Detection;

/// <summary>
/// Compares one window with the reference: a two-sample Kolmogorov-Smirnov test on every image statistic and every softmax
/// output (Wasserstein distance and PSI beside it), a chi-squared homogeneity test on the predicted classes (PSI beside
/// it), one multiple-testing correction over all computed tests, and the dataset-drift rule of <see cref="DetectionOptions"/>.
/// A test with too few values reports "not enough data" and takes no part in the correction or the rule.
/// </summary>
public sealed class WindowAnalyzer
{
    private readonly DetectionOptions options;
    private readonly CorrectionMethod correction;

    public WindowAnalyzer(DetectionOptions options)
    {
        if (!(options.Alpha > 0 && options.Alpha < 1))
        {
            throw new ArgumentException($"Drift:Detection:Alpha must lie in (0, 1); it is {options.Alpha}.", nameof(options));
        }

        this.options = options;
        correction = CorrectionNames.Parse(options.Correction);
    }

    public string Rule => $"Dataset drift when at least {options.DriftShareThreshold:P0} of the computed tests reject at alpha {options.Alpha:0.###} " +
        $"after the {CorrectionNames.Display(correction)} correction" +
        (options.PredictedClassTestDecides ? ", or when the chi-squared test on the predicted classes rejects." : ".");

    public WindowReport Analyze(DriftReference reference, LiveWindow window)
    {
        var tests = new List<FeatureTestResult>();
        foreach (var (name, values) in reference.Features)
        {
            tests.Add(Continuous(name, values, window.Features.TryGetValue(name, out var current) ? current : []));
        }

        for (var c = 0; c < reference.Outputs.Count; c++)
        {
            var current = c < window.Outputs.Count ? window.Outputs[c] : [];
            tests.Add(Continuous(OutputNames.Softmax(reference.ClassNames[c]), reference.Outputs[c], current));
        }

        var classTest = PredictedClasses(reference.PredictedCounts, window.PredictedCounts);
        tests.Add(classTest);
        var computed = tests.Where(test => test.Verdict != DriftVerdict.NotEnoughData).ToList();
        if (computed.Count > 0)
        {
            var pValues = computed.Select(test => test.PValue).ToArray();
            var corrected = correction == CorrectionMethod.Bonferroni
                ? MultipleTestingCorrection.Bonferroni(pValues, options.Alpha)
                : MultipleTestingCorrection.BenjaminiHochberg(pValues, options.Alpha);
            for (var i = 0; i < computed.Count; i++)
            {
                computed[i].AdjustedPValue = corrected.AdjustedPValues[i];
                computed[i].Verdict = corrected.Rejected[i] ? DriftVerdict.Drift : DriftVerdict.NoDrift;
            }
        }

        var drifted = computed.Count(test => test.Verdict == DriftVerdict.Drift);
        var share = computed.Count == 0 ? 0 : (double)drifted / computed.Count;
        var classDrift = options.PredictedClassTestDecides && classTest.Verdict == DriftVerdict.Drift;
        var verdict = window.Count < options.MinimumSamples || computed.Count == 0
            ? DriftVerdict.NotEnoughData
            : share >= options.DriftShareThreshold || classDrift ? DriftVerdict.Drift : DriftVerdict.NoDrift;

        var report = new WindowReport
        {
            Window = window.ToSummary(verdict == DriftVerdict.Drift),
            ReferenceDatasetVersionId = reference.DatasetVersionId,
            DriftedShare = share,
            DriftShareThreshold = options.DriftShareThreshold,
            Correction = CorrectionNames.Display(correction),
            Alpha = options.Alpha,
            Verdict = verdict,
            Rule = Rule,
            ReferenceAccuracy = reference.Accuracy,
            Tests = tests,
        };
        report.Summary = Summarise(report, window.Count, computed.Count, drifted, classDrift);
        return report;
    }

    private FeatureTestResult Continuous(string name, IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var (referenceHistogram, currentHistogram) = HistogramPair.Build(reference, current, options.HistogramBins);
        var test = new FeatureTestResult
        {
            Feature = name,
            Test = "ks",
            Reference = referenceHistogram,
            Current = currentHistogram,
            ReferenceCount = reference.Count,
            CurrentCount = current.Count,
        };
        var ks = KolmogorovSmirnovTest.TwoSample(
            reference.ToArray(), current.ToArray(), new KolmogorovSmirnovOptions { MinimumSampleSize = options.MinimumSamples });
        if (ks.Status == TestStatus.InsufficientData)
        {
            return NotEnoughData(test, ks.MinimumSampleSize);
        }

        test.Statistic = ks.Statistic!.Value;
        test.PValue = ks.PValue!.Value;
        test.WassersteinDistance = WassersteinDistance.Compute(reference.ToArray(), current.ToArray());
        test.Psi = Psi(referenceHistogram, currentHistogram);
        test.Note = ks.PValueMethod == KolmogorovSmirnovPValueMethod.Exact
            ? ks.PValueConditionalOnTies ? "exact p-value, conditional on ties" : "exact p-value"
            : "asymptotic p-value";
        return test;
    }

    private FeatureTestResult PredictedClasses(long[] reference, long[] current)
    {
        var test = new FeatureTestResult
        {
            Feature = OutputNames.PredictedClass,
            Test = "chi-squared",
            Reference = Counts(reference),
            Current = Counts(current),
            ReferenceCount = reference.Sum(),
            CurrentCount = current.Sum(),
        };
        var chi = ChiSquaredTest.Homogeneity(reference, current, new ChiSquaredOptions { MinimumSampleSize = options.MinimumSamples });
        if (chi.Status == TestStatus.InsufficientData)
        {
            return NotEnoughData(test, chi.MinimumSampleSize);
        }

        test.Statistic = chi.Statistic!.Value;
        test.PValue = chi.PValue!.Value;
        test.Psi = PopulationStabilityIndex.Compute(reference, current);
        test.Note = $"{chi.DegreesOfFreedom} degrees of freedom; smallest expected count {chi.MinimumExpectedCount:0.#}";
        return test;
    }

    private static FeatureTestResult NotEnoughData(FeatureTestResult test, int minimum)
    {
        test.Verdict = DriftVerdict.NotEnoughData;
        test.Note = $"not enough data: {test.CurrentCount} current and {test.ReferenceCount} reference values; the test needs {minimum} of each";
        return test;
    }

    private static double Psi(Histogram reference, Histogram current) =>
        PopulationStabilityIndex.Compute(reference.Counts.ToArray(), current.Counts.ToArray());

    private static Histogram Counts(long[] counts)
    {
        return new Histogram(0, counts.Length, [.. counts]);
    }

    private string Summarise(WindowReport report, int records, int computed, int drifted, bool classDrift)
    {
        if (report.Verdict == DriftVerdict.NotEnoughData)
        {
            return $"Not enough data: the window holds {records} records; the tests need at least {options.MinimumSamples}.";
        }

        var strongest = report.Tests.Where(test => test.Verdict == DriftVerdict.Drift)
            .OrderBy(test => test.AdjustedPValue).Take(3).Select(test => test.Feature).ToList();
        var verdict = report.Verdict == DriftVerdict.Drift ? "Drift" : "No drift";
        var detail = strongest.Count == 0 ? "" : $"; strongest: {string.Join(", ", strongest)}";
        var classes = classDrift ? "; the predicted-class distribution has shifted" : "";
        return $"{verdict}: {drifted} of {computed} tests reject ({report.DriftedShare:P0}, threshold {options.DriftShareThreshold:P0}){classes}{detail}.";
    }
}
