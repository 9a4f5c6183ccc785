using Dashboard.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddDashboardStore();
builder.AddDashboardAccounts();
builder.AddDashboardWall();
builder.AddDashboardJobs();
builder.AddDashboardWeb();

var app = builder.Build();
await app.PrepareDashboardAsync();
app.MapDashboard();
app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
