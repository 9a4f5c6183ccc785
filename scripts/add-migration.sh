#!/usr/bin/env bash
# Adds a migration for every provider (SQLite, SQL Server, PostgreSQL) of a context, after a model change.
# Usage: scripts/add-migration.sh <Name> [store|accounts]   (no database server is contacted)
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?migration name}
which=${2:-store}
dotnet tool restore >/dev/null
dotnet build Dashboard.Web -v q --nologo
ef() { dotnet ef migrations add "$name" --no-build --startup-project Dashboard.Web "$@"; }
# The app's own configuration picks the provider, so each context gets its provider's column types.
if [ "$which" = store ]; then
  ef --project Dashboard.Shared --context Dashboard.Shared.Store.DashboardDbContext --output-dir Store/Migrations
  Store__Provider=SqlServer ConnectionStrings__Dashboard='Server=design-time;Database=dashboard' \
    ef --project Dashboard.Shared --context Dashboard.Shared.Store.SqlServerDashboardDbContext --output-dir Store/Migrations/SqlServer
  Store__Provider=PostgreSql ConnectionStrings__Dashboard='Host=design-time;Database=dashboard' \
    ef --project Dashboard.Shared --context Dashboard.Shared.Store.PostgreSqlDashboardDbContext --output-dir Store/Migrations/PostgreSql
else
  ef --project Dashboard.Web --context Dashboard.Web.Accounts.AccountsDbContext --output-dir Accounts/Migrations
  Store__Provider=SqlServer ConnectionStrings__Dashboard='Server=design-time;Database=dashboard' \
    ef --project Dashboard.Web --context Dashboard.Web.Accounts.SqlServerAccountsDbContext --output-dir Accounts/Migrations/SqlServer
  Store__Provider=PostgreSql ConnectionStrings__Dashboard='Host=design-time;Database=dashboard' \
    ef --project Dashboard.Web --context Dashboard.Web.Accounts.PostgreSqlAccountsDbContext --output-dir Accounts/Migrations/PostgreSql
fi
