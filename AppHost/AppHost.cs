using Mlops.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var cache = builder.AddCache();
var dataRoot = builder.DataRootPath();

var ingestion = builder.AddService<Projects.Ingestion>("ingestion", cache, dataRoot);

var registry = builder.AddService<Projects.Registry>("registry", cache, dataRoot)
    .WithReference(ingestion);

var drift = builder.AddService<Projects.Drift>("drift", cache, dataRoot)
    .WithReference(ingestion)
    .WithReference(registry);

builder.AddService<Projects.Training>("training", cache, dataRoot)
    .WithReference(ingestion)
    .WithReference(registry)
    .WithEnvironment("Training__ConfigRoot", builder.RepositoryPath("configs"));

builder.AddService<Projects.Inference>("inference", cache, dataRoot)
    .WithReference(registry)
    .WithReference(drift);

builder.Build().Run();
