// The hireflow story through a client generated from /q/openapi (typescript-fetch): history load, a batch with a
// rejected row, backup, verify, restore, both reports. Each step checks the answer; any failure exits non-zero.
// Run by .ci/openapi.sh after `tsc`: node dist/story.js <base-url> <admin-token>
import {
    BackupsApi,
    Configuration,
    HistoryApi,
    ReportsApi,
    ResponseError,
    RowsApi,
    TableName,
    TablesApi,
} from './client';

// The two members of Node's process used here, so that tsc needs no @types/node.
declare const process: { argv: string[]; exit(code: number): never };

const [baseUrl, token] = process.argv.slice(2);
const config = new Configuration({ basePath: baseUrl, accessToken: token });

function check(ok: boolean, what: string): void {
    if (!ok) {
        throw new Error('story: ' + what);
    }
    console.log('  ok: ' + what);
}

async function story(): Promise<void> {
    console.log('history load');
    const history = new HistoryApi(config);
    let load = await history.startHistoryLoad({ historyLoadRequest: {} });
    for (let waited = 0; load.status === 'RUNNING' && waited < 240; waited++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        load = await history.getHistoryLoad({ id: load.id! });
    }
    check(load.status === 'SUCCEEDED', `the load succeeded (${load.status})`);
    const employeesLoaded = load.tables!.find((t) => t.table === 'employees')!;
    check(employeesLoaded.rowsInserted! > 0, `employees loaded: ${employeesLoaded.rowsInserted}`);

    console.log('a batch with a rejected row');
    const id = 1_000_000 + (Date.now() % 1_000_000);
    const batch = await new RowsApi(config).postRows({
        table: TableName.Employees,
        idempotencyKey: `story-${id}`,
        rows: [
            { employeeId: id, employeeName: 'Story Valid', hiringDate: '2021-07-27T16:02:08Z', departmentId: 1, jobId: 1 },
            { employeeId: id + 1, employeeName: 'Story Rejected', hiringDate: '2021-07-27T16:02:08Z', departmentId: 999999,
                jobId: 1 },
        ],
    });
    check(batch.received === 2 && batch.inserted === 1, `1 of 2 rows inserted (${batch.inserted})`);
    const rejected = batch.rejected![0];
    check(rejected.index === 1 && rejected.errors![0].rule === 'exists' && rejected.errors![0].field === 'department_id',
        `the second row rejected by rule exists: ${rejected.errors![0].message}`);
    const tables = new TablesApi(config);
    const rowsBefore = (await tables.getTable({ table: TableName.Employees })).rows!;

    console.log('backup, verify, restore');
    const backups = new BackupsApi(config);
    const backup = await backups.createBackup({ table: TableName.Employees });
    check(backup.rows === rowsBefore, `backup ${backup.id} has the table's ${rowsBefore} rows`);
    const verified = await backups.verifyBackup({ table: TableName.Employees, id: backup.id! });
    check(verified.ok === true && verified.rows === backup.rows, 'the backup verifies');
    const restored = await backups.restoreTable({ table: TableName.Employees, restoreRequest: { backup: backup.id! } });
    check(restored.rows === backup.rows && restored.digestMatches === true, `restored ${restored.rows} rows, digest matches`);
    try {
        await backups.verifyBackup({ table: TableName.Employees, id: '20200101T000000000Z-0000' });
        check(false, 'an unknown backup is refused');
    } catch (e) {
        const problem = e instanceof ResponseError ? await e.response.json() : {};
        check(e instanceof ResponseError && e.response.status === 404 && typeof problem.detail === 'string',
            `an unknown backup is a 404 problem: ${problem.detail}`);
    }

    console.log('reports');
    const reports = new ReportsApi(config);
    const byQuarter = await reports.getHiresByQuarter({ year: 2021 });
    check(byQuarter.report === 'hires-by-quarter' && byQuarter.rows!.length > 0,
        `hires by quarter: ${byQuarter.rows!.length} department/job lines`);
    const aboveMean = await reports.getDepartmentsAboveMean({ year: 2021 });
    check(aboveMean.rows!.length > 0 && aboveMean.rows!.every((r) => r.hired! > aboveMean.mean!),
        `departments above the mean ${aboveMean.mean!.toFixed(1)}: ${aboveMean.rows!.length}`);
}

story().then(() => console.log('story: all steps passed'), async (e) => {
    const body = e instanceof ResponseError ? await e.response.text() : '';
    console.error(e instanceof Error ? e.message : e, body);
    process.exit(1);
});
