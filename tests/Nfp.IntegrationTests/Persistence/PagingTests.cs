using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Nfp.Schema.Validation;

namespace Nfp.IntegrationTests.Persistence;

/// <summary>
/// Lists page with limit + marker over 250 rows in a stable order. The rows are inserted in one
/// transaction, so they share one created_at and only the id breaks the tie: the hardest case.
/// </summary>
public sealed class PagingTests(PagingTests.Services fixture) : IClassFixture<PagingTests.Services>
{
    public sealed class Services : IAsyncLifetime
    {
        public PostgresDatabase Db { get; } = new();

        public List<NetworkService> Rows250 { get; } = [];

        public Guid Tenant { get; } = Guid.NewGuid();

        public async Task InitializeAsync()
        {
            await Db.InitializeAsync();
            var repository = new NetworkServiceRepository(Db.DataSource);
            await using var connection = await Db.DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            for (var i = 0; i < 250; i++)
            {
                var row = Fixtures.Rows.NetworkService(i % 5 == 0 ? Tenant : null) with { Name = $"svc-{i % 7:D2}" };
                Rows250.Add(await repository.CreateAsync(row, transaction));
            }
            await transaction.CommitAsync();
        }

        public Task DisposeAsync() => Db.DisposeAsync();
    }

    private readonly NetworkServiceRepository _services = new(fixture.Db.DataSource);

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(250)]
    [InlineData(1000)]
    public async Task Marker_paging_visits_every_row_once_in_stable_order(int limit)
    {
        var expected = fixture.Rows250.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, GuidSqlOrder.Instance).Select(r => r.Id).ToList();

        var seen = await ReadAllPages(new ListQuery(Limit: limit));

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Descending_pages_by_name_are_the_ascending_ones_reversed()
    {
        var ascending = await ReadAllPages(new ListQuery(Limit: 33, Sort: [new ListSort("name")]));
        var descending = await ReadAllPages(new ListQuery(Limit: 33, Sort: [new ListSort("name", SortDirection.Desc)]));

        Assert.Equal(250, ascending.Count);
        Assert.Equal(ascending.AsEnumerable().Reverse(), descending);
    }

    [Fact]
    public async Task Filters_select_only_matching_rows_across_pages()
    {
        var filters = ListQuery.Where(("tenant_id", fixture.Tenant.ToString()), ("provisioning_status", "PENDING_CREATE"));

        var seen = await ReadAllPages(new ListQuery(filters, Limit: 7));

        Assert.Equal(50, seen.Count);
        Assert.Equal(fixture.Rows250.Where(r => r.TenantId == fixture.Tenant).Select(r => r.Id).Order(), seen.Order());
    }

    [Fact]
    public async Task The_last_page_has_no_next_marker()
    {
        var page = await _services.ListAsync(new ListQuery(Limit: 250));

        Assert.Equal(250, page.Items.Count);
        Assert.Null(page.NextMarker);
    }

    public static TheoryData<ListQuery, string, string> BadQueries => new()
    {
        { new ListQuery(ListQuery.Where(("colour", "red"))), "colour", FieldErrorCodes.UnknownField },
        { new ListQuery(ListQuery.Where(("tenant_id", "not-a-uuid"))), "tenant_id", FieldErrorCodes.Malformed },
        { new ListQuery(ListQuery.Where(("provisioning_status", "SLEEPING"))), "provisioning_status", FieldErrorCodes.Malformed },
        { new ListQuery(Sort: [new ListSort("service_config; DROP TABLE network_services")]), "sort", FieldErrorCodes.UnknownValue },
        { new ListQuery(Limit: 0), "limit", FieldErrorCodes.OutOfRange },
        { new ListQuery(Limit: ListQuery.MaxLimit + 1), "limit", FieldErrorCodes.OutOfRange },
        { new ListQuery(Marker: Guid.NewGuid()), "marker", FieldErrorCodes.Invalid },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_query_is_refused_naming_the_field(ListQuery query, string field, string code)
    {
        var error = await Assert.ThrowsAsync<InvalidQueryException>(() => _services.ListAsync(query));

        Assert.Equal(field, error.Error.Field);
        Assert.Equal(code, error.Error.Code);
    }

    private async Task<List<Guid>> ReadAllPages(ListQuery query)
    {
        var seen = new List<Guid>();
        Guid? marker = null;
        do
        {
            var page = await _services.ListAsync(query with { Marker = marker });
            seen.AddRange(page.Items.Select(r => r.Id));
            marker = page.NextMarker;
        }
        while (marker is not null && seen.Count <= 1000);
        return seen;
    }
}
