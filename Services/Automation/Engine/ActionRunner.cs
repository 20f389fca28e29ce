using Mlops.Automation.Events;
using Mlops.Automation.Firings;
using Mlops.Automation.Rules;

namespace Mlops.Automation.Engine;

/// <summary>Carries out a rule's action for an event (or, in a dry run, says what it would do).</summary>
public sealed class ActionRunner(IPlatform platform)
{
    public const string Actor = "automation";

    public async Task<ActionResult> RunAsync(AutomationRule rule, PlatformEvent platformEvent, bool dryRun, CancellationToken cancellationToken)
    {
        try
        {
            return rule.Action.Kind switch
            {
                ActionKind.Train => await TrainAsync(rule, platformEvent, dryRun, cancellationToken),
                ActionKind.RetrainOnDrift => await RetrainOnDriftAsync(rule, dryRun, cancellationToken),
                ActionKind.Promote => await PromoteAsync(rule, platformEvent, dryRun, cancellationToken),
                _ => new ActionResult(FiringOutcome.Failed, $"unknown action {rule.Action.Kind}"),
            };
        }
        catch (PlatformCallException error)
        {
            return new ActionResult(FiringOutcome.Failed, error.Message);
        }
    }

    private async Task<ActionResult> TrainAsync(AutomationRule rule, PlatformEvent platformEvent, bool dryRun, CancellationToken cancellationToken)
    {
        var datasetVersion = platformEvent.Kind == TriggerKind.DatasetVersion ? platformEvent.DatasetVersion : "";
        if (datasetVersion.Length == 0)
        {
            var versions = await platform.ListDatasetVersionsAsync(rule.Action.Dataset, cancellationToken);
            if (versions.Count == 0)
            {
                return new ActionResult(FiringOutcome.NoNewData, $"dataset {rule.Action.Dataset} has no versions to train on");
            }

            datasetVersion = versions[0].Id;
        }

        return await SubmitAsync(rule, datasetVersion, $"on {platformEvent.Summary}", dryRun, cancellationToken);
    }

    private async Task<ActionResult> RetrainOnDriftAsync(AutomationRule rule, bool dryRun, CancellationToken cancellationToken)
    {
        var model = rule.ActionModel;
        var production = await platform.GetAliasTargetAsync(model, "production", cancellationToken);
        var versions = await platform.ListDatasetVersionsAsync(rule.Action.Dataset, cancellationToken);
        if (versions.Count == 0)
        {
            return new ActionResult(FiringOutcome.NoNewData, $"drift, but no new data: dataset {rule.Action.Dataset} has no versions", Model: model);
        }

        var newest = versions[0];
        if (production is not null && newest.Id == production.DatasetVersion)
        {
            return new ActionResult(FiringOutcome.NoNewData,
                $"drift, but no new data: {model}/{production.Version} was trained on {rule.Action.Dataset}'s newest version {Short(newest.Id)}; import data that shows the drift",
                Model: model, ModelVersion: production.Version, DatasetVersion: newest.Id);
        }

        var trainedOn = production is null ? "no production version" : $"{model}/{production.Version} was trained on {Short(production.DatasetVersion)}";
        return await SubmitAsync(rule, newest.Id, $"after drift ({trainedOn})", dryRun, cancellationToken);
    }

    private async Task<ActionResult> SubmitAsync(AutomationRule rule, string datasetVersion, string why, bool dryRun, CancellationToken cancellationToken)
    {
        var overrides = rule.Action.OverrideList.Append($"{RuleValidator.DatasetOverrideKey}={datasetVersion}").ToList();
        var model = rule.ActionModel;
        if (dryRun)
        {
            return new ActionResult(FiringOutcome.DryRun,
                $"would train config {rule.Action.Config} [{string.Join(' ', overrides)}] {why}", Model: model, DatasetVersion: datasetVersion);
        }

        var job = await platform.SubmitTrainingAsync(new TrainingRequest(rule.Action.Config, overrides, model, $"{Actor}:{rule.Name}"), cancellationToken);
        return new ActionResult(FiringOutcome.Submitted, $"training job {job.Id} submitted (config {rule.Action.Config}) {why}",
            JobId: job.Id, Model: job.Model.Length > 0 ? job.Model : model, DatasetVersion: datasetVersion, Ended: false);
    }

    private async Task<ActionResult> PromoteAsync(AutomationRule rule, PlatformEvent platformEvent, bool dryRun, CancellationToken cancellationToken)
    {
        var alias = rule.Action.Alias;
        if (dryRun)
        {
            return new ActionResult(FiringOutcome.DryRun, $"would run the gate on {platformEvent.Model}/{platformEvent.ModelVersion} and move {alias} when it passes",
                Model: platformEvent.Model, ModelVersion: platformEvent.ModelVersion);
        }

        var outcome = await platform.PromoteAsync(platformEvent.Model, platformEvent.ModelVersion, alias,
            $"rule {rule.Name} on {platformEvent.Summary}", cancellationToken);
        return new ActionResult(outcome.Promoted ? FiringOutcome.Promoted : FiringOutcome.Refused, outcome.Detail,
            Model: platformEvent.Model, ModelVersion: platformEvent.ModelVersion, DatasetVersion: platformEvent.DatasetVersion);
    }

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
