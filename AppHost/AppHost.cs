using Microsoft.Extensions.Configuration;
using Mlops.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var cache = builder.AddCache();
var metadata = builder.AddMetadata();
var dataRoot = builder.DataRootPath();

var ingestion = builder.AddService<Projects.Ingestion>("ingestion", cache, dataRoot)
    .WithMetadata(metadata);

var registry = builder.AddService<Projects.Registry>("registry", cache, dataRoot)
    .WithMetadata(metadata)
    .WithReference(ingestion);

// Ingestion asks the registry whether a dataset version is in use before deleting it (a reference, not a WaitFor: no start-up cycle).
ingestion.WithReference(registry);

var drift = builder.AddService<Projects.Drift>("drift", cache, dataRoot)
    .WithMetadata(metadata)
    .WithReference(ingestion)
    .WithReference(registry);

var training = builder.AddService<Projects.Training>("training", cache, dataRoot)
    .WithMetadata(metadata)
    .WithConfiguredReplicas(builder.Configuration, "Training", needsSharedState: true, metadata, cache)
    .WithReference(ingestion)
    .WithReference(registry)
    .WithEnvironment("Training__ConfigRoot", builder.RepositoryPath("configs"))
    // libtorch's OpenMP threads spin while idle; on a shared machine passive waiting trains several times faster.
    .WithEnvironment("OMP_WAIT_POLICY", "PASSIVE");

var inference = builder.AddService<Projects.Inference>("inference", cache, dataRoot)
    .WithConfiguredReplicas(builder.Configuration, "Inference", needsSharedState: false, metadata, cache)
    .WithSharedAnswersAcrossReplicas(cache)
    .WithSettingsSection(builder.Configuration, "Inference")
    .WithReference(registry)
    .WithReference(drift);

builder.AddFrontend(ingestion, training, registry, inference, drift);

IResourceBuilder<ProjectResource>? bootstrap = null;
if (builder.Configuration.GetValue("Bootstrap:Enabled", true))
{
    // A one-shot job, visible in the dashboard: on an empty registry it imports data, trains and promotes a first model.
    bootstrap = builder.AddProject<Projects.Bootstrap>("bootstrap")
        .WithPlatformApiKey(requireIt: false)
        .WithReference(ingestion).WaitFor(ingestion)
        .WithReference(registry).WaitFor(registry)
        .WithReference(training).WaitFor(training)
        .WithEnvironment("Bootstrap__SampleFolder", builder.RepositoryPath("samples/fashion-mnist"));
}

IResourceBuilder<ProjectResource>? automation = null;
if (builder.Configuration.GetValue("Automation:Enabled", true))
{
    automation = builder.AddAutomation(cache, dataRoot, ingestion, training, registry, drift).WithMetadata(metadata);
    if (bootstrap is not null)
    {
        // The first run's import and model are the starting point, not events to act on: without this the rules would
        // train and promote a second model beside the bootstrap's on every fresh data root.
        automation.WaitForCompletion(bootstrap);
    }
}

if (builder.Configuration.GetValue("Prometheus:Enabled", false))
{
    builder.AddPrometheus(dataRoot, automation, [ingestion, training, registry, inference, drift, .. automation is null ? [] : new[] { automation }]);
}

builder.Build().Run();
