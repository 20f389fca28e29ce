using System.Text;
using Mlops.Registry.Webhooks;

namespace Mlops.Registry.Tests;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void The_signature_is_the_hex_hmac_sha256_of_the_body()
    {
        // Reference: printf '%s' '{"a":1}' | openssl dgst -sha256 -hmac 'secret'
        var signature = WebhookSignature.Compute("secret", Encoding.UTF8.GetBytes("{\"a\":1}"));

        Assert.Equal("sha256=aa9e2e3575f5d7098b6caccd790888c36d5fdb63342a73bada2d6a51747a8494", signature);
        Assert.True(WebhookSignature.Verify("secret", Encoding.UTF8.GetBytes("{\"a\":1}"), signature));
        Assert.False(WebhookSignature.Verify("other", Encoding.UTF8.GetBytes("{\"a\":1}"), signature));
        Assert.False(WebhookSignature.Verify("secret", Encoding.UTF8.GetBytes("{\"a\":2}"), signature));
    }
}
