/**
 * The kernel's pure parts without Jupyter: history queries, is_complete, the wire format's
 * signatures, and error content for compile errors and thrown values.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { History, SESSION } from '../../kernel-setup/kernel/history';
import { isComplete } from '../../kernel-setup/kernel/is-complete';
import { childOf, decode, encode, Message } from '../../kernel-setup/kernel/wire';
import { CellRegistry, compileError, thrownError } from '../../kernel-setup/kernel/errors';

test('history answers tail, range and glob search like IPython', () => {
  const h = new History();
  ['1 + 2', 'const a = 1;', '1 + 2', 'a * 3'].forEach((code, i) =>
    h.add(i + 1, code, code.startsWith('1') ? '3' : null),
  );
  assert.deepEqual(h.query({ hist_access_type: 'tail', n: 2 }), [
    [SESSION, 3, '1 + 2'],
    [SESSION, 4, 'a * 3'],
  ]);
  assert.deepEqual(h.query({ hist_access_type: 'tail', n: 1, output: true }), [[SESSION, 4, ['a * 3', null]]]);
  assert.deepEqual(h.query({ hist_access_type: 'range', session: SESSION, start: 2, stop: 3 }), [
    [SESSION, 2, 'const a = 1;'],
  ]);
  assert.deepEqual(h.query({ hist_access_type: 'range', session: 99, start: 1 }), []);
  assert.equal(h.query({ hist_access_type: 'search', pattern: '1 + *' }).length, 2);
  assert.deepEqual(h.query({ hist_access_type: 'search', pattern: '1 + *', unique: true }), [[SESSION, 3, '1 + 2']]);
  assert.deepEqual(
    h.query({ hist_access_type: 'search', pattern: 'a?*' }).map((e) => e[1]),
    [4],
  );
});

test('is_complete: complete, incomplete (with indent) and invalid', () => {
  assert.deepEqual(isComplete('const x = 1;'), { status: 'complete' });
  assert.deepEqual(isComplete('await Promise.resolve(1)'), { status: 'complete' });
  assert.equal(isComplete('function f() {').status, 'incomplete');
  assert.deepEqual(isComplete('if (x) {'), { status: 'incomplete', indent: '  ' });
  for (const code of ['const = 5;', '1 +* 2', '}']) assert.deepEqual(isComplete(code), { status: 'invalid' }, code);
});

test('messages round-trip signed, and a wrong key is refused', () => {
  const request: Message = {
    identities: [Buffer.from('client')],
    header: { msg_id: 'm1', msg_type: 'kernel_info_request', session: 's', username: 'u', date: '', version: '5.3' },
    parent_header: {},
    metadata: {},
    content: {},
    buffers: [],
  };
  const reply = childOf(request, 'kernel_info_reply', { status: 'ok' });
  const frames = encode('secret', reply).map((f) => Buffer.from(f));
  const back = decode('secret', frames);
  assert.deepEqual(back.content, { status: 'ok' });
  assert.equal(back.parent_header.msg_id, 'm1');
  assert.deepEqual(back.identities, [Buffer.from('client')]);
  assert.throws(() => decode('other', frames), /signature/);
});

test('compile errors name the message, line and code; thrown non-errors are inspected', () => {
  const e = compileError(
    [
      {
        start: { offset: 20, line: 1, character: 6 },
        end: { offset: 21, line: 1, character: 7 },
        messageText: 'Variable declaration expected.',
        category: 1,
        code: 1134,
      },
    ],
    { label: 'In [4]', source: 'const ok = 1;\nconst = 5;' },
  );
  assert.equal(e.ename, 'SyntaxError');
  assert.match(e.evalue, /Variable declaration expected\. \(line 2, column 7\)/);
  assert.match(e.traceback[1], /In \[4\], line 2:7: .*TS1134\)\n {4}const = 5;\n {10}\^/);
  assert.deepEqual(thrownError(3, new CellRegistry()), { ename: 'Uncaught', evalue: '3', traceback: ['Uncaught 3'] });
  assert.equal(thrownError({ code: 'E' }, new CellRegistry()).evalue, "{ code: 'E' }");
  const err = thrownError(new TypeError('bad'), new CellRegistry());
  assert.deepEqual([err.ename, err.evalue, err.traceback[0]], ['TypeError', 'bad', 'TypeError: bad']);
});
