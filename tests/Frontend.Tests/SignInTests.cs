using Mlops.Registry.V1;

namespace Mlops.Frontend.Tests;

[Collection(SignedInFrontendCollection.Name)]
public sealed class SignInTests(SignedInFrontendFixture deployed, BrowserFixture browser)
{
    [Fact]
    public async Task A_page_opened_without_signing_in_asks_for_a_key_and_refuses_one_nobody_was_issued()
    {
        await using var tab = await BrowserPage.OpenAsync(browser);

        await tab.Page.GotoAsync(new Uri(deployed.FrontendAddress, "/runs").ToString());

        await Assertions.Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl=%2Fruns$"));
        await tab.Page.Locator("[data-testid=api-key]").FillAsync("not-an-issued-key");
        await tab.Page.Locator("[data-testid=sign-in]").ClickAsync();
        await Assertions.Expect(tab.Page.Locator("[data-testid=sign-in-failed]")).ToContainTextAsync("not one this platform issued");
        Assert.DoesNotContain(await tab.Page.Context.CookiesAsync(), cookie => cookie.Name == "mlops-signin");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = deployed.FrontendAddress };
        var export = await http.GetAsync("/datasets/any/export");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, export.StatusCode);
        await tab.ScreenshotAsync("sign-in-refused");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_read_key_sees_the_runs_through_its_own_key_and_its_promote_is_refused_for_scope()
    {
        await using var tab = await SignInAsync(SignedInFrontendFixture.ReadKey, "/runs");

        await tab.GotoAsync(deployed.FrontendAddress, "/runs", "[data-testid=runs]");
        await Assertions.Expect(tab.Page.Locator("[data-testid=runs]")).ToContainTextAsync("signed-in run");
        await Assertions.Expect(tab.Page.Locator("[data-testid=signed-in-as]")).ToContainTextAsync("reader (read)");

        await tab.GotoAsync(deployed.FrontendAddress, $"/models/{SignedInFrontendFixture.ModelName}", "[data-testid=model-versions]");
        await tab.Page.Locator("[data-testid=promote-1]").ClickAsync();

        await Assertions.Expect(tab.Page.Locator("[data-testid=promotion-message]")).ToContainTextAsync("Key 'reader' lacks the 'write' scope");
        var model = (await deployed.Registry.ListModelsAsync(new ListModelsRequest(), new Grpc.Core.Metadata { { "x-api-key", SignedInFrontendFixture.ReadKey } }))
            .Models.Single(listed => listed.Name == SignedInFrontendFixture.ModelName);
        Assert.False(model.Aliases.ContainsKey("production"));
        Assert.DoesNotContain(SignedInFrontendFixture.ReadKey, deployed.Output, StringComparison.Ordinal);
        await tab.ScreenshotAsync("signed-in-read");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_the_next_page_asks_again()
    {
        await using var tab = await SignInAsync(SignedInFrontendFixture.WriteKey, "/runs");
        await tab.GotoAsync(deployed.FrontendAddress, "/runs", "[data-testid=runs]");
        await Assertions.Expect(tab.Page.Locator("[data-testid=signed-in-as]")).ToContainTextAsync("writer (write)");

        await tab.Page.Locator("[data-testid=sign-out]").ClickAsync();

        await Assertions.Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin$"));
        await tab.Page.GotoAsync(new Uri(deployed.FrontendAddress, "/models").ToString());
        await Assertions.Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl=%2Fmodels$"));
    }

    private async Task<BrowserPage> SignInAsync(string key, string returnTo)
    {
        var tab = await BrowserPage.OpenAsync(browser);
        await tab.Page.GotoAsync(new Uri(deployed.FrontendAddress, $"/signin?returnUrl={Uri.EscapeDataString(returnTo)}").ToString());
        await tab.Page.Locator("[data-testid=api-key]").FillAsync(key);
        await tab.Page.Locator("[data-testid=sign-in]").ClickAsync();
        await Assertions.Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(returnTo + "$"));
        return tab;
    }
}
