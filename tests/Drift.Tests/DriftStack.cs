using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mlops.Drift.Alerts;
using Mlops.Drift.Configuration;
using Mlops.Drift.Detection;
using Mlops.Drift.Model;
using Mlops.Drift.Monitoring;
using Mlops.Drift.References;
using Mlops.Drift.Repositories;
using Mlops.Drift.Robustness;
using Mlops.Scoring;
using Mlops.Storage;
using Mlops.TestSupport;

namespace Mlops.Drift.Tests;

/// <summary>
/// The drift pipeline in-process on real parts: a real ONNX classifier (class centroids of the shipped Fashion-MNIST sample's
/// training split), a reference built from the sample's test split, SQLite in a temporary folder.
/// </summary>
internal sealed class DriftStack : IDisposable
{
    public const string ModelName = "fashion";
    public const int ModelVersion = 1;
    public const string DatasetVersion = "sample-v1";

    private static readonly Lazy<byte[]> Onnx = new(() => CentroidClassifierOnnx.Fit(FashionMnistSample.Train, FashionMnistSample.ClassNames).ToOnnx());
    private readonly string folder = Directory.CreateTempSubdirectory("drift-tests-").FullName;
    private readonly ServiceProvider meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public DriftStack(Action<DriftOptions>? configure = null, params IAlertSink[] sinks)
    {
        var settings = new DriftOptions();
        configure?.Invoke(settings);
        Options = settings;
        var options = Microsoft.Extensions.Options.Options.Create(settings);
        Model = new ModelDescription(new ModelKey(ModelName, ModelVersion), DatasetVersion, FashionMnistSample.ClassNames, "unused");
        Source = new LocalReferenceSource()
            .AddModel(Model, Onnx.Value)
            .AddTestSplit(DatasetVersion, FashionMnistSample.Test.Pixels, FashionMnistSample.Test.Labels);
        Repository = new SqlDriftRepository(new SqliteDatabase(Path.Combine(folder, "drift.db"), DriftSchema.Migrations));
        Analyzer = new WindowAnalyzer(settings.Detection);
        References = new ReferenceCache(new ReferenceBuilder(Source, TimeProvider.System), Repository, options);
        Metrics = new DriftMetrics(meters.GetRequiredService<IMeterFactory>());
        Broadcaster = new AlertBroadcaster();
        Alerts = new AlertDispatcher(Repository, [Broadcaster, .. sinks], Metrics, NullLogger<AlertDispatcher>.Instance);
        Monitor = new DriftMonitor(new ModelDirectory(Source, TimeProvider.System), References, Analyzer, Repository,
            new AlertTracker(settings.Alerts.ConsecutiveWindows), Alerts, Metrics, options, Clock, NullLogger<DriftMonitor>.Instance);
        Robustness = new RobustnessCheck(Source, References, Analyzer, TimeProvider.System);
    }

    public static byte[] OnnxModel => Onnx.Value;

    /// <summary>The factory of this stack's meters, to tell its measurements from those of stacks in tests running alongside.</summary>
    public IMeterFactory MeterFactory => meters.GetRequiredService<IMeterFactory>();

    public DriftOptions Options { get; }

    public ModelDescription Model { get; }

    public LocalReferenceSource Source { get; }

    public SqlDriftRepository Repository { get; }

    public WindowAnalyzer Analyzer { get; }

    public ReferenceCache References { get; }

    public DriftMetrics Metrics { get; }

    public AlertBroadcaster Broadcaster { get; }

    public AlertDispatcher Alerts { get; }

    public DriftMonitor Monitor { get; }

    public RobustnessCheck Robustness { get; }

    public ManualClock Clock { get; } = new();

    public Task<DriftReference> ReferenceAsync() => References.GetAsync(Model, CancellationToken.None);

    public static OnnxClassifier Classifier() => OnnxClassifier.Load(OnnxModel);

    public void Dispose()
    {
        meters.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
