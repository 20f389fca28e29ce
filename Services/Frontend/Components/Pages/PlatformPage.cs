using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Mlops.Frontend.Platform;

namespace Mlops.Frontend.Components.Pages;

/// <summary>
/// Every page reads its data while the server prerenders it, streaming the loading state first and the data as it
/// arrives, so the first paint a person waits for has the data in it. When the circuit starts, the page's reads are
/// answered from what the prerender read (in the order they were made), so each service is asked once per page load.
/// </summary>
[StreamRendering]
public abstract class PlatformPage : ComponentBase
{
    private string? handoffId;
    private IReadOnlyDictionary<int, object?>? prerendered;
    private int reads;

    [Inject] private PersistentComponentState PersistentState { get; set; } = null!;

    [Inject] private PrerenderedReads PrerenderedReads { get; set; } = null!;

    protected bool Prerendering => !RendererInfo.IsInteractive;

    /// <summary>A service read through <see cref="ServiceCall"/>, handed from the prerender to the circuit.</summary>
    protected Task<ServiceResult<T>> ReadAsync<T>(string service, Func<Task<T>> call) =>
        HandedOverAsync(() => ServiceCall.RunAsync(service, call));

    /// <summary>Any read whose answer the prerender hands to the circuit; reads after the first interactive load are live.</summary>
    protected async Task<T> HandedOverAsync<T>(Func<Task<T>> read)
    {
        var index = reads++;
        if (Prerendering)
        {
            var id = handoffId ??= OpenHandoff();
            var answer = await read();
            PrerenderedReads.Keep(id, index, answer);
            return answer;
        }

        prerendered ??= PersistentState.TryTakeFromJson<string>(HandoffKey, out var carried) && carried is not null
            ? PrerenderedReads.Take(carried)
            : new Dictionary<int, object?>();
        return prerendered.TryGetValue(index, out var kept) && kept is T value ? value : await read();
    }

    private string OpenHandoff()
    {
        var id = PrerenderedReads.Open();
        PersistentState.RegisterOnPersisting(() =>
        {
            PersistentState.PersistAsJson(HandoffKey, id);
            return Task.CompletedTask;
        }, RenderMode.InteractiveServer);
        return id;
    }

    private string HandoffKey => "prerendered-reads:" + GetType().Name;
}
