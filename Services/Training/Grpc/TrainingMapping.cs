using Google.Protobuf;
using Mlops.Training.Configs;
using Mlops.Training.Model;
using Mlops.Training.Sweeps;
using Mlops.Training.V1;
using static Mlops.Common.V1.MessageFields;

namespace Mlops.Training.Grpc;

/// <summary>
/// The one place where the training service's records meet the generated contract types, both ways. Jobs, sweeps and
/// sweep requests are also stored, and jobs queued, as their contract encoding (<see cref="ToBytes(TrainingJob)"/>),
/// so databases and queues written before keep reading.
/// </summary>
public static class TrainingMapping
{
    public static TrainingJob ToDomain(this Job job)
    {
        var domain = new TrainingJob
        {
            Id = job.Id,
            State = (JobStatus)job.State,
            ResolvedConfigYaml = job.ResolvedConfigYaml,
            ConfigHash = job.ConfigHash,
            DatasetVersionId = job.DatasetVersion,
            RunId = job.RunId,
            ModelName = job.ModelName,
            ModelVersion = job.ModelVersion,
            Error = job.Error,
            Attempts = job.Attempts,
            Worker = job.Worker,
            SweepId = job.SweepId,
            CreatedAt = job.CreatedAt?.ToDateTimeOffset(),
            StartedAt = job.StartedAt?.ToDateTimeOffset(),
            FinishedAt = job.FinishedAt?.ToDateTimeOffset(),
            Progress = job.Progress?.ToDomain(),
            CancelRequested = job.CancelRequested,
            ResumeRunId = job.ResumeRunId,
            ResumeEpoch = job.ResumeEpoch,
            ResumeCheckpointSha256 = job.ResumeCheckpointSha256,
        };
        Fill(domain.Metrics, job.Metrics);
        Fill(domain.Parameters, job.Parameters);
        return domain;
    }

    public static Job ToMessage(this TrainingJob job)
    {
        var message = new Job
        {
            Id = job.Id,
            State = (JobState)job.State,
            ResolvedConfigYaml = job.ResolvedConfigYaml,
            ConfigHash = job.ConfigHash,
            DatasetVersion = job.DatasetVersionId,
            RunId = job.RunId,
            ModelName = job.ModelName,
            ModelVersion = job.ModelVersion,
            Error = job.Error,
            Attempts = job.Attempts,
            Worker = job.Worker,
            SweepId = job.SweepId,
            CreatedAt = Stamp(job.CreatedAt),
            StartedAt = Stamp(job.StartedAt),
            FinishedAt = Stamp(job.FinishedAt),
            Progress = job.Progress?.ToMessage(),
            CancelRequested = job.CancelRequested,
            ResumeRunId = job.ResumeRunId,
            ResumeEpoch = job.ResumeEpoch,
            ResumeCheckpointSha256 = job.ResumeCheckpointSha256,
        };
        Fill(message.Metrics, job.Metrics);
        Fill(message.Parameters, job.Parameters);
        return message;
    }

    public static JobProgressSnapshot ToDomain(this JobProgress progress)
    {
        var domain = new JobProgressSnapshot
        {
            Epoch = progress.Epoch,
            TotalEpochs = progress.TotalEpochs,
            Step = progress.Step,
            TotalSteps = progress.TotalSteps,
        };
        Fill(domain.Metrics, progress.Metrics);
        return domain;
    }

    public static JobProgress ToMessage(this JobProgressSnapshot progress)
    {
        var message = new JobProgress
        {
            Epoch = progress.Epoch,
            TotalEpochs = progress.TotalEpochs,
            Step = progress.Step,
            TotalSteps = progress.TotalSteps,
        };
        Fill(message.Metrics, progress.Metrics);
        return message;
    }

    public static JobEvent ToMessage(this JobChange change) => new() { Job = change.Job.ToMessage(), Message = change.Message };

    public static ParameterSweep ToDomain(this Sweep sweep)
    {
        var domain = new ParameterSweep
        {
            Id = sweep.Id,
            State = (JobStatus)sweep.State,
            Metric = sweep.Metric,
            Goal = (SweepGoal)sweep.Goal,
            Trials = [.. sweep.Trials.Select(ToDomain)],
            BestJobId = sweep.BestJobId,
            BestValue = sweep.BestValue,
            CreatedAt = sweep.CreatedAt?.ToDateTimeOffset(),
            StoppingMetric = sweep.StoppingMetric,
        };
        Fill(domain.BestParameters, sweep.BestParameters);
        return domain;
    }

    public static Sweep ToMessage(this ParameterSweep sweep)
    {
        var message = new Sweep
        {
            Id = sweep.Id,
            State = (JobState)sweep.State,
            Metric = sweep.Metric,
            Goal = (MetricGoal)sweep.Goal,
            BestJobId = sweep.BestJobId,
            BestValue = sweep.BestValue,
            CreatedAt = Stamp(sweep.CreatedAt),
            StoppingMetric = sweep.StoppingMetric,
        };
        message.Trials.AddRange(sweep.Trials.Select(ToMessage));
        Fill(message.BestParameters, sweep.BestParameters);
        return message;
    }

    /// <summary>The config the source names; a model name or experiment given beside it override the config's.</summary>
    public static ConfigRequest ToDomain(this ConfigSource? source, string modelName, string experiment)
    {
        var overrides = new List<string>(source?.Overrides ?? []);
        if (!string.IsNullOrWhiteSpace(modelName))
        {
            overrides.Add($"register.model_name={modelName.Trim()}");
        }

        if (!string.IsNullOrWhiteSpace(experiment))
        {
            overrides.Add($"tracking.experiment={experiment.Trim()}");
        }

        return source?.ConfigCase == ConfigSource.ConfigOneofCase.Yaml
            ? new ConfigRequest(null, source.Yaml, overrides)
            : new ConfigRequest(source?.Name, null, overrides);
    }

    public static ConfigSource ToMessage(this ConfigRequest request)
    {
        var source = new ConfigSource { Overrides = { request.Overrides } };
        if (request.Yaml is not null)
        {
            source.Yaml = request.Yaml;
        }
        else if (request.Name is not null)
        {
            source.Name = request.Name;
        }

        return source;
    }

    public static SweepPlan ToDomain(this SubmitSweepRequest request) => new(
        request.Config.ToDomain(request.ModelName, request.Experiment),
        request.Parameters.Select(ToDomain).ToList(),
        request.Strategy == SweepStrategy.Random ? SearchStrategy.Random : SearchStrategy.Grid,
        request.MaxTrials,
        request.Metric,
        (SweepGoal)request.Goal,
        request.MedianStopping,
        request.Seed);

    /// <summary>The request that plans this sweep; the model name and experiment travel inside the config's overrides.</summary>
    public static SubmitSweepRequest ToMessage(this SweepPlan plan)
    {
        var request = new SubmitSweepRequest
        {
            Config = plan.BaseConfig.ToMessage(),
            Strategy = plan.Strategy == SearchStrategy.Random ? SweepStrategy.Random : SweepStrategy.Grid,
            MaxTrials = plan.MaxTrials,
            Metric = plan.Metric,
            Goal = (MetricGoal)plan.Goal,
            MedianStopping = plan.MedianStopping,
            Seed = plan.Seed,
        };
        request.Parameters.AddRange(plan.Parameters.Select(ToMessage));
        return request;
    }

    public static ParameterSpace ToDomain(this SweepParameter parameter) => parameter.SpaceCase switch
    {
        SweepParameter.SpaceOneofCase.Values => ParameterSpace.List(parameter.Key, [.. parameter.Values.Values]),
        SweepParameter.SpaceOneofCase.Range => ParameterSpace.Range(parameter.Key, parameter.Range.Min, parameter.Range.Max,
            parameter.Range.LogScale, parameter.Range.Integer, parameter.Range.GridPoints),
        _ => throw new SweepSpaceException($"Parameter '{parameter.Key}' declares no space: give values or a range."),
    };

    public static SweepParameter ToMessage(this ParameterSpace space) => space.Values is { } values
        ? new SweepParameter { Key = space.Key, Values = new ValueList { Values = { values } } }
        : new SweepParameter
        {
            Key = space.Key,
            Range = new ValueRange { Min = space.Min, Max = space.Max, LogScale = space.LogScale, Integer = space.Integer, GridPoints = space.GridPoints },
        };

    public static byte[] ToBytes(this TrainingJob job) => job.ToMessage().ToByteArray();

    public static TrainingJob JobFromBytes(byte[] bytes) => Job.Parser.ParseFrom(bytes).ToDomain();

    /// <summary>The sweep without its trials (they are stored as jobs of their own).</summary>
    public static byte[] ToBytesWithoutTrials(this ParameterSweep sweep)
    {
        var message = sweep.ToMessage();
        message.Trials.Clear();
        return message.ToByteArray();
    }

    public static ParameterSweep SweepFromBytes(byte[] bytes) => Sweep.Parser.ParseFrom(bytes).ToDomain();

    public static byte[] ToBytes(this SweepPlan plan) => plan.ToMessage().ToByteArray();

    public static SweepPlan SweepPlanFromBytes(byte[] bytes) => SubmitSweepRequest.Parser.ParseFrom(bytes).ToDomain();
}
