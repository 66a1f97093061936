/*
 * The HTML digest in a real browser: Debian's headless Chromium, driven by
 * playwright-core.
 *
 * The page is made here, by the built ./git-kvmdigest (or $KVMDIGEST) over
 * an archive that public-inbox writes of samples/, so what is checked is
 * what the tool writes now.  It is served from 127.0.0.1 and every request
 * the browser makes is routed: any but the page itself is refused and
 * fails the test.  Screenshots go to build/browser/ (or $BROWSER_OUT).
 *
 *	node --test check.mjs          (make browser-check does it all)
 *
 * Environment: KVMDIGEST (the tool), CHROMIUM (default /usr/bin/chromium),
 * BROWSER_OUT (where the page, the archive and the screenshots go).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const top = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tool = resolve(process.env.KVMDIGEST || join(top, 'git-kvmdigest'));
const out = resolve(process.env.BROWSER_OUT || join(top, 'build', 'browser'));
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

/*
 * This machine's network is closed: without these Chromium tries to reach
 * Google's services at start and has its connections refused.  Playwright
 * gives each launch a new, empty profile (--user-data-dir) of its own.
 */
const args = [
	'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync',
];

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let browser, server, pageUrl, digest;

/* A clean environment for git and public-inbox: nothing of the caller's. */
function cleanEnv(extra) {
	const env = {};
	for (const [k, v] of Object.entries(process.env))
		if (!/^(GIT_|PI_)/.test(k))
			env[k] = v;
	return { ...env, TZ: 'UTC', LC_ALL: 'C.UTF-8', ...extra };
}

/* The sample archive, as t1200 makes it, and its digest as HTML and JSON. */
function makeDigest() {
	const archive = join(out, 'archive');
	rmSync(archive, { recursive: true, force: true });
	rmSync(join(out, '.public-inbox'), { recursive: true, force: true });
	mkdirSync(out, { recursive: true });
	const env = cleanEnv({ KD_PI_HOME: join(out, '.public-inbox') });
	execFileSync('sh', ['-c',
		'. "$1/tests/lib-archive.sh" && ' +
		'make_v2_archive --name demo "$2" "$1/samples"',
		'sh', top, archive], { env, stdio: ['ignore', 'inherit', 'inherit'] });
	const epoch = join(archive, 'git', '0.git');
	const run = (format) => execFileSync(tool, ['-q', `--format=${format}`,
		'HEAD'], { cwd: epoch, env, encoding: 'utf8' });
	const html = run('html');
	writeFileSync(join(out, 'samples.html'), html);
	return { html, json: JSON.parse(run('json')) };
}

before(async () => {
	digest = makeDigest();
	server = createServer((req, res) => {
		if (req.url === '/samples.html') {
			res.writeHead(200, { 'Content-Type': 'text/html' });
			res.end(digest.html);
		} else {
			res.writeHead(404);
			res.end();
		}
	});
	await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
	pageUrl = `http://127.0.0.1:${server.address().port}/samples.html`;
	browser = await chromium.launch({ executablePath, args, headless: true });
});

after(async () => {
	if (browser)
		await browser.close();
	if (server)
		server.close();
});

/*
 * A page of its own context, watched: console errors, page errors, and
 * every request, of which all but the page itself are refused.
 * clean() asserts that nothing of the sort happened.
 */
async function open(options = {}) {
	const context = await browser.newContext({ viewport: DESKTOP,
		...options });
	const errors = [], requests = [], refused = [];
	await context.route('**/*', (route) => {
		const url = route.request().url();
		if (url === pageUrl)
			return route.continue();
		refused.push(url);
		return route.abort('blockedbyclient');
	});
	const page = await context.newPage();
	page.on('console', (m) => {
		if (m.type() === 'error')
			errors.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
	page.on('request', (r) => requests.push(r.url()));
	await page.goto(pageUrl, { waitUntil: 'load' });
	return {
		page,
		async clean() {
			await page.waitForTimeout(100);
			assert.deepEqual(errors, [], 'no console or page error');
			assert.deepEqual(refused, [], 'no request but the page');
			assert.deepEqual(requests, [pageUrl], 'one request: the page');
			await context.close();
		},
	};
}

const rows = 'table.series tbody tr';

async function visibleRows(page) {
	return page.locator(`${rows}:visible`).count();
}

/* Each row of the patch list: its group, its text, whether it shows. */
function rowStates(page) {
	return page.$$eval(rows, (trs) => trs.map((tr) => {
		const h = tr.closest('.group').querySelector('h3');
		return {
			group: h ? h.textContent : '',
			text: (h ? h.textContent + ' ' : '') + tr.textContent,
			author: tr.cells[tr.cells.length - 1].textContent,
			shown: tr.getClientRects().length > 0,
		};
	}));
}

test('the page loads with no error and asks for nothing but itself',
	async () => {
		const { page, clean } = await open();
		assert.match(await page.title(), /^KVM mailing list update from /);
		assert.equal(await page.locator('.figures li').count(), 6);
		const figures = await page.locator('.figures li').allTextContents();
		assert.ok(figures.includes(`${digest.json.messages} messages`),
			`figures: ${figures}`);
		assert.ok(figures.includes(`${digest.json.series.length} series`),
			`figures: ${figures}`);
		assert.equal(await visibleRows(page), digest.json.series.length);
		assert.ok(await page.locator('#filter').isVisible(),
			'the filter box shows when script runs');
		await page.screenshot({ path: join(out, 'desktop.png') });
		await page.screenshot({ path: join(out, 'desktop-full.png'),
			fullPage: true });
		await clean();
	});

test('bar charts stand beside their tables on a wide screen', async () => {
	const { page, clean } = await open();
	for (const id of ['domains', 'contributors']) {
		const table = await page.locator(`#${id} table`).boundingBox();
		const chart = await page.locator(`#${id} svg.bars`).boundingBox();
		assert.ok(chart.x >= table.x + table.width,
			`#${id}: the chart is right of the table`);
		assert.ok(chart.y < table.y + table.height,
			`#${id}: the chart is level with the table`);
	}
	await clean();
});

test('each series has its badges and its lore link', async () => {
	const { page, clean } = await open();
	const v3 = digest.json.series.find((s) => s.version === 3);
	assert.ok(v3, 'the samples have a v3 series');
	const row = page.locator(rows, { hasText: v3.title });
	assert.equal(await row.locator('.badge-version').textContent(), 'v3');
	assert.equal(await row.locator('.badge-subsystem').count(), 1);
	const href = await row.locator('a').getAttribute('href');
	assert.match(href, /^https:\/\/lore\.kernel\.org\/kvm\/.+@.+\/$/);
	await clean();
});

test('the filter box hides the rows that do not match: a subsystem',
	async () => {
		const { page, clean } = await open();
		const all = digest.json.series.length;
		assert.equal(await visibleRows(page), all);
		await page.fill('#filter-text', 'x86/mmu');
		const states = await rowStates(page);
		const shown = states.filter((r) => r.shown);
		assert.ok(shown.length > 0 && shown.length < all,
			`${shown.length} of ${all} rows left`);
		assert.equal(await visibleRows(page), shown.length);
		for (const r of states) {
			assert.equal(r.shown, r.text.toLowerCase().includes('x86/mmu'),
				r.text);
			if (r.group === 'x86/mmu')
				assert.ok(r.shown, `in its group: ${r.text}`);
		}
		assert.equal(await page.locator('#filter-count').textContent(),
			`${shown.length} of ${all} series`);
		await page.fill('#filter-text', '');
		assert.equal(await visibleRows(page), all);
		await clean();
	});

test('the filter box hides the rows that do not match: an author',
	async () => {
		const { page, clean } = await open();
		const all = digest.json.series.length;
		/* the author of the most series */
		const by = new Map();
		for (const s of digest.json.series)
			by.set(s.author.name, (by.get(s.author.name) || 0) + 1);
		const [name, n] = [...by].sort((a, b) => b[1] - a[1])[0];
		assert.ok(n > 1 && n < all, `${name}: ${n} of ${all}`);
		await page.fill('#filter-text', name.toLowerCase());
		assert.equal(await visibleRows(page), n);
		for (const r of await rowStates(page))
			assert.equal(r.shown, r.author === name, r.text);
		await page.fill('#filter-text', 'no such series anywhere');
		assert.equal(await visibleRows(page), 0);
		assert.equal(await page.locator('#filter-count').textContent(),
			`0 of ${all} series`);
		await clean();
	});

test('a click on a header sorts the table by that column', async () => {
	const { page, clean } = await open();
	const table = page.locator('#contributors table');
	const column = (i) => table.locator(`tbody tr td:nth-child(${i})`)
		.allTextContents();
	const before = await column(2);
	const byName = [...before].sort((a, b) => a.toLowerCase()
		.localeCompare(b.toLowerCase()));
	assert.notDeepEqual(before, byName, 'not in name order to begin with');
	await table.locator('th', { hasText: 'Contributor' }).click();
	assert.deepEqual(await column(2), byName);
	assert.equal(await table.locator('th').nth(1)
		.getAttribute('aria-sort'), 'ascending');
	await table.locator('th', { hasText: 'Contributor' }).click();
	assert.deepEqual(await column(2), [...byName].reverse());

	/* numbers as numbers: 9 before 10 before 100 */
	const domains = page.locator('#domains table');
	await page.evaluate(() => {
		const body = document.querySelector('#domains tbody');
		for (const n of ['10', '9', '100']) {
			const tr = body.rows[0].cloneNode(true);
			tr.cells[0].textContent = n;
			tr.cells[1].textContent = `added-${n}.example`;
			body.appendChild(tr);
		}
	});
	await domains.locator('th', { hasText: 'Patches' }).click();
	const counts = (await domains.locator('tbody tr td:nth-child(1)')
		.allTextContents()).map(Number);
	assert.deepEqual(counts, [...counts].sort((a, b) => a - b));
	assert.deepEqual(counts.slice(-3), [9, 10, 100]);
	await domains.locator('th', { hasText: 'Patches' }).click();
	assert.deepEqual((await domains.locator('tbody tr td:nth-child(1)')
		.allTextContents()).map(Number).slice(0, 3), [100, 10, 9]);
	await clean();
});

test('a click on a folded body opens it', async () => {
	const { page, clean } = await open();
	const first = page.locator('details').first();
	assert.equal(await first.evaluate((d) => d.open), false);
	assert.equal(await first.locator('pre').isVisible(), false);
	await first.locator('summary').click();
	assert.equal(await first.evaluate((d) => d.open), true);
	assert.ok(await first.locator('pre').isVisible());
	assert.equal(await first.locator('pre').textContent(),
		digest.json.heads[0].body);
	await clean();
});

test('a phone, 390 px wide: no horizontal scrolling', async () => {
	const { page, clean } = await open({ viewport: PHONE, isMobile: true,
		hasTouch: true, deviceScaleFactor: 2 });
	const width = () => page.evaluate(() =>
		document.documentElement.scrollWidth);
	assert.ok(await width() <= PHONE.width, `scrollWidth ${await width()}`);
	await page.screenshot({ path: join(out, 'phone.png') });
	await page.screenshot({ path: join(out, 'phone-full.png'),
		fullPage: true });
	/* long lines of the bodies scroll inside their own box */
	await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
	assert.ok(await width() <= PHONE.width,
		`bodies open: scrollWidth ${await width()}`);
	const wide = await page.$$eval('pre', (ps) => ps.filter((p) =>
		p.scrollWidth > p.clientWidth).length);
	assert.ok(wide > 0, 'some body is wider than the screen, and scrolls');
	await clean();
});

/* Relative luminance of a CSS rgb() colour, 0 black to 1 white. */
function luminance(rgb) {
	const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number)
		.map((c) => c / 255)
		.map((c) => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const background = (page) => page.evaluate(() =>
	getComputedStyle(document.body).backgroundColor);
const foreground = (page) => page.evaluate(() =>
	getComputedStyle(document.body).color);

test('the reader\'s colour scheme: light, or dark', async () => {
	const light = await open({ colorScheme: 'light' });
	assert.ok(luminance(await background(light.page)) > 0.9, 'light');
	await light.clean();

	const dark = await open({ colorScheme: 'dark' });
	const bg = luminance(await background(dark.page));
	assert.ok(bg < 0.05, `dark background: ${await background(dark.page)}`);
	assert.ok(luminance(await foreground(dark.page)) > 0.6, 'light text');
	await dark.page.screenshot({ path: join(out, 'desktop-dark.png') });
	await dark.clean();
});

test('printed: no filter box, bodies shown, black on white', async () => {
	const { page, clean } = await open({ colorScheme: 'dark' });
	await page.emulateMedia({ media: 'print' });
	assert.equal(await page.locator('#filter').isVisible(), false);
	assert.ok(luminance(await background(page)) > 0.9, 'white paper');
	assert.ok(luminance(await foreground(page)) < 0.05, 'black ink');
	assert.ok(await page.locator('details pre').first().isVisible(),
		'a folded body is printed');
	await page.pdf({ path: join(out, 'print.pdf') });
	await clean();
});

test('without script: every row and body is there, no filter box',
	async () => {
		const { page, clean } = await open({ javaScriptEnabled: false });
		assert.equal(await page.locator('#filter').isVisible(), false);
		assert.equal(await visibleRows(page), digest.json.series.length);
		assert.equal(await page.locator('details').count(),
			digest.json.heads.length);
		assert.equal(await page.locator('th button').count(), 0);
		await clean();
	});
