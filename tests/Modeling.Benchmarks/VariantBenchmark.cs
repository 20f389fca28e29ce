using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.ML.OnnxRuntime;
using Mlops.Modeling.Compression;
using Mlops.Modeling.Onnx;
using Mlops.Modeling.Tests;
using Onnx;

namespace Mlops.Modeling.Benchmarks;

/// <summary>
/// fp32 vs int8 (QDQ) vs pruned: test accuracy on the 10k test images, file size, latency at batch 1 and throughput at
/// batch 64 in ONNX Runtime, all from one process with the variants alternating. Usage:
/// <c>variants config=default [epochs=N ...overrides] [weights=FILE] [prune_sparsity=0.5] [prune_finetune_epochs=1]
/// [calibration_images=1000] [ort_threads=1] [rounds=3]</c>.
/// </summary>
internal static class VariantBenchmark
{
    private static readonly string[] OwnKeys = ["weights", "prune_sparsity", "prune_finetune_epochs", "calibration_images", "ort_threads", "rounds"];

    public static void Run(IReadOnlyList<string> args)
    {
        var own = args.Select(a => a.Split('=', 2)).Where(p => OwnKeys.Contains(p[0])).ToDictionary(p => p[0], p => p[1]);
        var arguments = BenchmarkArguments.Parse([.. args.Where(a => !OwnKeys.Contains(a.Split('=', 2)[0]))]);
        var sparsity = own.TryGetValue("prune_sparsity", out var s) ? double.Parse(s, CultureInfo.InvariantCulture) : 0.5;
        var fineTuneEpochs = own.TryGetValue("prune_finetune_epochs", out var f) ? int.Parse(f, CultureInfo.InvariantCulture) : 1;
        var calibrationImages = own.TryGetValue("calibration_images", out var c) ? int.Parse(c, CultureInfo.InvariantCulture) : 1000;
        var ortThreads = own.TryGetValue("ort_threads", out var t) ? int.Parse(t, CultureInfo.InvariantCulture) : 1;
        var rounds = own.TryGetValue("rounds", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 3;

        var (train, validation) = FashionMnist.Train.Split(arguments.ValidationSplit.Fraction, arguments.ValidationSplit.Seed);
        var test = FashionMnist.Test;
        Console.WriteLine($"config file: {arguments.ConfigSource ?? "(key=value arguments)"}");
        Console.WriteLine($"network: {arguments.Config}; options: {arguments.Options}");
        var cpu = Stopwatch.StartNew();
        CnnModel model;
        if (own.TryGetValue("weights", out var weightsPath))
        {
            model = ModelWeights.Load(arguments.Config, weightsPath);
            Console.WriteLine($"weights loaded from {weightsPath}");
        }
        else
        {
            var result = new CnnTrainer(arguments.Config, arguments.Options).Train(train, validation, new EpochPrinter());
            model = result.Model;
            Console.WriteLine($"trained {result.Epochs.Count} epoch(s) in {result.Duration.TotalSeconds:F0} s");
        }

        using var _ = model;
        var info = new OnnxExportInfo(FashionMnist.ClassNames);
        var fp32 = OnnxExporter.Export(model, info);
        var watch = Stopwatch.StartNew();
        var int8 = Int8Quantizer.Quantize(fp32, train.Take(calibrationImages), arguments.Options.Threads);
        Console.WriteLine($"int8: calibrated on {calibrationImages} training images and written in {watch.Elapsed.TotalSeconds:F1} s");
        watch.Restart();
        using var weights = new MemoryStream();
        ModelWeights.Save(model, weights);
        weights.Position = 0;
        using var pruned = ModelWeights.Load(arguments.Config, weights);
        PrunedFineTuning.PruneAndFineTune(pruned, sparsity, train, arguments.Options, fineTuneEpochs);
        var prunedOnnx = OnnxExporter.Export(pruned, info);
        Console.WriteLine($"pruned: sparsity {MagnitudePruner.Sparsity(pruned):P1} after {fineTuneEpochs} fine-tuning epoch(s), {watch.Elapsed.TotalSeconds:F0} s");

        var variants = new (string Name, byte[] Onnx)[] { ("fp32", fp32), ("int8 (QDQ)", int8), ($"pruned {sparsity:P0}", prunedOnnx) };
        foreach (var (name, onnx) in variants)
        {
            Console.WriteLine($"{name}: ONNX Runtime runs {string.Join(", ", OptimizedOperators(onnx, ortThreads))}");
        }

        using var fp32Runner = new OnnxRunner(fp32, ortThreads);
        var reference = fp32Runner.Predict(test);
        var latencies = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var throughputs = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var accuracy = new Dictionary<string, (double Accuracy, double Agreement)>();
        foreach (var (name, onnx) in variants)
        {
            using var runner = new OnnxRunner(onnx, ortThreads);
            var predictions = runner.Predict(test);
            accuracy[name] = (predictions.Where((p, i) => p == test.Labels[i]).Count() / (double)test.Count,
                predictions.Where((p, i) => p == reference[i]).Count() / (double)test.Count);
        }

        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, onnx) in variants)
            {
                using var runner = new OnnxRunner(onnx, ortThreads);
                latencies[name].Add(MedianLatencyMs(runner, test, 300));
                throughputs[name].Add(ImagesPerSecond(runner, test, 64, 40));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"ONNX Runtime {ortThreads} intra-op thread(s), best of {rounds} alternating rounds; load {EpochPrinter.LoadAverage()}, " +
                          $"process CPU {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F0} s");
        Console.WriteLine("| variant | test accuracy | top-1 agrees with fp32 | size | gzip size | batch 1 median ms | batch 64 images/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, onnx) in variants)
        {
            Console.WriteLine($"| {name} | {accuracy[name].Accuracy:P2} | {accuracy[name].Agreement:P2} | {onnx.Length / 1024.0:F0} KiB | " +
                              $"{Gzipped(onnx) / 1024.0:F0} KiB | {latencies[name].Min():F3} | {throughputs[name].Max():F0} |");
        }
    }

    private static double MedianLatencyMs(OnnxRunner runner, LabeledImages images, int runs)
    {
        runner.Logits(images, 0, 1);
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            runner.Logits(images, i % images.Count, 1);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[runs / 2];
    }

    private static double ImagesPerSecond(OnnxRunner runner, LabeledImages images, int batch, int batches)
    {
        runner.Logits(images, 0, batch);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < batches; i++)
        {
            runner.Logits(images, i * batch % (images.Count - batch), batch);
        }
        return batch * batches / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static long Gzipped(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return output.Length;
    }

    /// <summary>The operators left after ONNX Runtime's graph optimisations (shows whether QDQ became QLinearConv/QGemm).</summary>
    private static IEnumerable<string> OptimizedOperators(byte[] onnx, int threads)
    {
        var path = Path.Combine(Path.GetTempPath(), $"variant-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = new SessionOptions { IntraOpNumThreads = threads, OptimizedModelFilePath = path })
            using (new InferenceSession(onnx, options))
            {
            }

            return ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Node
                .GroupBy(n => n.OpType).Select(g => $"{g.Key}x{g.Count()}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
