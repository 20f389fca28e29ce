using Microsoft.AspNetCore.Components;

namespace Mlops.Frontend.Components.Pages;

/// <summary>
/// Every page: while the server prerenders it, it calls no service and renders its loading state, so the first paint never
/// waits on gRPC; the interactive render (the circuit) then reads the data, once instead of twice.
/// </summary>
public abstract class PlatformPage : ComponentBase
{
    protected bool Prerendering => !RendererInfo.IsInteractive;
}
