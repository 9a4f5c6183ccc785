using Dashboard.Shared.Store;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Where Hangfire keeps its jobs: by default the same provider and database as the app, in a schema of its own
/// ("hangfire") so its tables never mix with the app's; SQLite keeps its own file.
/// </summary>
public sealed record JobStorageSettings(StoreProvider Provider, string ConnectionString)
{
    public const string ConnectionName = "Hangfire";
    public const string Schema = "hangfire";

    public static JobStorageSettings From(WebApplicationBuilder builder, JobsOptions jobs)
    {
        var database = Database.From(builder);
        var provider = jobs.Storage is null ? database.Provider : StoreProviders.Parse(jobs.Storage, "Jobs:Storage");
        if (provider == StoreProvider.Sqlite)
        {
            var dashboard = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new();
            return new(provider, StoreExtensions.DataFile(builder, dashboard, jobs.SqlitePath));
        }
        var connection = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connection))
            connection = database.Provider == provider ? database.ConnectionString
                : throw new InvalidOperationException(
                    $"Jobs:Storage is {provider} but Store:Provider is {database.Provider}: set ConnectionStrings:{ConnectionName}.");
        return new(provider, connection);
    }

    public static SqlServerStorageOptions SqlServerOptions(JobsOptions jobs) => new()
    {
        SchemaName = Schema,
        QueuePollInterval = jobs.PollInterval,
        PrepareSchemaIfNecessary = true,
    };

    public static PostgreSqlStorageOptions PostgreSqlOptions(JobsOptions jobs) => new()
    {
        SchemaName = Schema,
        QueuePollInterval = jobs.PollInterval,
        PrepareSchemaIfNecessary = true,
    };
}
