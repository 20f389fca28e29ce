namespace Mlops.Inference.Serving;

/// <summary>A request's hold on a model version; the version stays loaded until every lease on it is disposed.</summary>
public readonly struct ModelLease(ServedModel model) : IDisposable
{
    public ServedModel Model { get; } = model;

    public void Dispose() => Model.Release();
}
