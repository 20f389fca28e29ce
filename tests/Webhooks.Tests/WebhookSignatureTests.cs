using System.Text;

namespace Mlops.Webhooks.Tests;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void Signature_is_the_hex_hmac_sha256_of_the_body()
    {
        // RFC 4231, test case 2.
        var signature = WebhookSignature.Compute("Jefe", Encoding.ASCII.GetBytes("what do ya want for nothing?"));

        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", signature);
    }

    [Fact]
    public void Verify_refuses_a_changed_body_or_another_secret()
    {
        var body = Encoding.UTF8.GetBytes("""{"alert":"a1"}""");
        var signature = WebhookSignature.Compute("s3cret", body);

        Assert.True(WebhookSignature.Verify("s3cret", body, signature));
        Assert.False(WebhookSignature.Verify("s3cret", Encoding.UTF8.GetBytes("""{"alert":"a2"}"""), signature));
        Assert.False(WebhookSignature.Verify("other", body, signature));
        Assert.False(WebhookSignature.Verify("s3cret", body, null));
    }
}
