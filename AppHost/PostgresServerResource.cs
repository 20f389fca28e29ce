namespace Mlops.AppHost;

/// <summary>Debian's PostgreSQL run as a local process (initdb on first start), holding every service's metadata.</summary>
internal sealed class PostgresServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    public const string User = "mlops";

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create(
            $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={User};Database=postgres");
}
