using System.Diagnostics;
using System.Globalization;
using Mlops.Modeling;
using Mlops.Modeling.Benchmarks;
using Mlops.Modeling.Onnx;
using Mlops.Modeling.Tests;

// Trains a CNN on the full Fashion-MNIST (54k train / 6k validation / 10k test), then optionally compares
// the pipelined feed with batches gathered from tensors already in memory.
// Usage: Mlops.Modeling.Benchmarks [key=value ...], keys named like the training config's
// (model.batch_norm=true schedule.name=one_cycle ...), plus feed_comparison_epochs=N and train_images=N.
// Or: Mlops.Modeling.Benchmarks variants config=NAME ... compares fp32, int8 and pruned exports (VariantBenchmark).
// Or: Mlops.Modeling.Benchmarks epochcost a="config=default" b="config=default key=value ..." compares the CPU
// seconds of an epoch of two configs, alternating in one process (EpochCostBenchmark).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args is ["variants", .. var variantArgs])
{
    VariantBenchmark.Run(variantArgs);
    return;
}

if (args is ["epochcost", .. var costArgs])
{
    EpochCostBenchmark.Run(costArgs);
    return;
}

var arguments = BenchmarkArguments.Parse(args);
var threads = arguments.Options.Threads;
var throughputEpochs = arguments.FeedComparisonEpochs;

var loading = Stopwatch.StartNew();
var (train, validation) = FashionMnist.Train.Split(arguments.ValidationSplit.Fraction, arguments.ValidationSplit.Seed);
if (arguments.TrainImages is { } trainImages)
{
    train = train.Take(trainImages);
}

var test = FashionMnist.Test;
Console.WriteLine($"data: {train.Count} train, {validation.Count} validation, {test.Count} test, read in {loading.Elapsed.TotalSeconds:F1} s");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, torch threads {threads}");

var config = arguments.Config;
var options = arguments.Options;
if (arguments.ConfigSource is { } source)
{
    Console.WriteLine($"config file: {source}");
}

Console.WriteLine($"config: {config}");
Console.WriteLine($"options: {options}");
Console.WriteLine();
Console.WriteLine("epoch  train_loss  train_acc  val_loss  val_acc  lr        train_s  img/s   data_wait_s  val_s  best  cpu_s  load");
var result = new CnnTrainer(config, options).Train(train, validation, new EpochPrinter());
using var model = result.Model;
var report = ModelEvaluator.Evaluate(model, test);
Console.WriteLine();
Console.WriteLine($"best epoch {result.BestEpoch} of {result.Epochs.Count} (stopped early: {result.StoppedEarly}), total {result.Duration.TotalSeconds:F0} s, " +
                  $"process CPU {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F0} s, load {EpochPrinter.LoadAverage()}");
Console.WriteLine($"TEST accuracy {report.Accuracy:P2}, loss {report.Loss:F4}");
Console.WriteLine("per class: " + string.Join(", ",
    FashionMnist.ClassNames.Select((name, c) => $"{name} {report.PerClassAccuracy[c]:P1}")));

var verification = OnnxVerifier.Verify(OnnxExporter.Export(model, new OnnxExportInfo(FashionMnist.ClassNames)),
    model, test.Take(1000), intraOpThreads: threads);
Console.WriteLine($"ONNX vs TorchSharp on {verification.Images} test images: max |diff| {verification.MaxAbsDifference:E2}, " +
                  $"predictions agree {verification.PredictionAgreements}/{verification.Images}");

if (throughputEpochs == 0)
{
    return;
}

Console.WriteLine();
Console.WriteLine($"feed throughput, {throughputEpochs} epoch(s) each, no augmentation unless noted, alternating runs:");
var plain = options with { Epochs = throughputEpochs, RandomHorizontalFlip = false, EarlyStoppingPatience = 0 };
var runs = new (string Name, TrainingOptions Options)[]
{
    ("preloaded tensors", plain with { Feed = BatchFeed.Preloaded }),
    ("pipelined", plain with { Feed = BatchFeed.Pipelined }),
    ("pipelined + flip", plain with { Feed = BatchFeed.Pipelined, RandomHorizontalFlip = true }),
};
var figures = runs.ToDictionary(r => r.Name, _ => new List<double>());
for (var round = 0; round < 2; round++)
{
    foreach (var (name, runOptions) in runs)
    {
        var run = new CnnTrainer(config, runOptions).Train(train, validation);
        run.Model.Dispose();
        var trained = run.Epochs.Sum(e => e.TrainDuration.TotalSeconds);
        var imagesPerSecond = train.Count * run.Epochs.Count / trained;
        var wait = run.Epochs.Sum(e => e.DataWait.TotalSeconds);
        figures[name].Add(imagesPerSecond);
        Console.WriteLine($"  round {round + 1} {name,-18} {imagesPerSecond,8:F0} img/s  data wait {wait:F2} s of {trained:F1} s");
    }
}
var reference = figures["preloaded tensors"].Max();
foreach (var (name, values) in figures)
{
    Console.WriteLine($"best of 2: {name,-18} {values.Max(),8:F0} img/s  ({values.Max() / reference:P1} of preloaded)");
}
