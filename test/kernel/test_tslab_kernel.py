"""Jupyter kernel conformance (jupyter_kernel_test) for this project's kernel (kernel-setup/kernel/,
on tslab's converter). Run by test/kernel/conformance.test.ts with JUPYTER_PATH pointing at the
project's .jupyter/. Every sample of jupyter_kernel_test is given; none is skipped. The tests below
them cover what the workbook relies on: top-level await, the library by its package name, display
updates in place, errors (library, syntax, non-Error values) and interrupts."""
import json
import os
import time
import unittest

import jupyter_kernel_test
from jupyter_kernel_test.msgspec_v5 import validate_message


class WorkbookKernelTests(jupyter_kernel_test.KernelTests):
    # the kernel's name is written once, in package.json's "workbook.kernel"
    kernel_name = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "package.json"), encoding="utf-8"))["workbook"]["kernel"]["name"]
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("to stderr")'
    code_generate_error = 'throw new Error("boom")'
    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "[1, 2].map((x: number) => x * 10)", "result": "[ 10, 20 ]"},
        {"code": "const workbook: string = 'tfjs'; workbook.length", "result": "4"},
        {"code": "({ a: 1, b: 'two' })", "result": "{ a: 1, b: 'two' }"},
    ]
    code_display_data = [
        {"code": 'require("tslab").display.html("<b>bold</b>")', "mime": "text/html"},
        {"code": 'require("tslab").display.markdown("**md**")', "mime": "text/markdown"},
        {"code": 'require("tslab").display.png(new Uint8Array([137, 80, 78, 71]))', "mime": "image/png"},
    ]
    completion_samples = [
        {"text": "const completeMePlease = 1;\ncompleteMe", "matches": {"completeMePlease"}},
        {"text": "Math.PI.toFix", "matches": {"toFixed"}},
    ]
    complete_code_samples = ["1 + 1", "const x = 1;", "function f() { return 1; }", "await Promise.resolve(1)"]
    incomplete_code_samples = ["function f() {", "const a = [1, 2,", "if (true) {"]
    invalid_code_samples = ["const = 5;", "1 +* 2", "let 3x = 1;", "}"]
    code_inspect_sample = "Math.max"
    code_page_something = "?Math.max"
    code_clear_output = 'console.log("soon gone"); require("tslab").display.clear()'
    code_history_pattern = "1 + *"
    supported_history_operations = ("tail", "range", "search")

    def run_cell(self, code, timeout=60, interrupt_after=None):
        """Executes code; returns the validated execute_reply and the cell's iopub messages."""
        self.flush_channels()
        msg_id = self.kc.execute(code)
        if interrupt_after is not None:
            time.sleep(interrupt_after)
            self.km.interrupt_kernel()
        reply = self.get_non_kernel_info_reply(timeout=timeout)
        validate_message(reply, "execute_reply", msg_id)
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            validate_message(msg, msg["msg_type"], msg_id)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            if msg["msg_type"] not in ("status", "execute_input"):
                outputs.append(msg)
        return reply, outputs

    def error_of(self, reply, outputs):
        """The error output (one, matching the reply's ename/evalue/traceback)."""
        self.assertEqual(reply["content"]["status"], "error")
        errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1, outputs)
        for key in ("ename", "evalue", "traceback"):
            self.assertEqual(errors[0][key], reply["content"][key])
        return errors[0]

    def assert_alive(self):
        reply, outputs = self.run_cell("6 * 7")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ["42"])

    def test_execute_result_carries_the_execution_count(self):
        reply, outputs = self.run_cell("'counted'")
        results = [m["content"] for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1)
        self.assertEqual(results[0]["execution_count"], reply["content"]["execution_count"])
        self.assertEqual(results[0]["data"]["text/plain"], "'counted'")

    def test_statement_without_value_has_no_execute_result(self):
        reply, outputs = self.run_cell("const nothingShown = 1;")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m for m in outputs if m["msg_type"] == "execute_result"], [])

    def results_of(self, code):
        """Runs code, asserting it succeeds; returns its execute_result texts."""
        reply, outputs = self.run_cell(code)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        return [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]

    def test_shorthand_properties_reuse_earlier_cells(self):
        # `{ shortA }` for a variable of an earlier cell once threw a ReferenceError (fixed in patches/tslab+1.0.22.patch)
        self.results_of("const shortA = 1;\nlet shortB = 'b';")
        self.assertEqual(self.results_of("const shortO = { shortA };\nshortO"), ["{ shortA: 1 }"])
        self.assertEqual(self.results_of("({ outer: { shortA, shortB } })"), ["{ outer: { shortA: 1, shortB: 'b' } }"])
        self.assertEqual(self.results_of("JSON.stringify({ shortA })"), ["'{\"shortA\":1}'"])
        self.assertEqual(self.results_of("const { shortA: shortC } = { shortA };\nshortC"), ["1"])
        self.assertEqual(self.results_of("({ shortB } = { shortB: 'assigned' });\nshortB"), ["'assigned'"])
        self.assertEqual(self.results_of("({ shortB = String(shortA) } = {});\n({ shortB })"), ["{ shortB: '1' }"])
        self.assertEqual(self.results_of("function shortF(shortA: number) { return { shortA }; }\nshortF(3)"), ["{ shortA: 3 }"])
        self.results_of("let shortA = 5;")
        self.assertEqual(self.results_of("({ shortA })"), ["{ shortA: 5 }"])

    def test_top_level_await(self):
        reply, outputs = self.run_cell("const later = await new Promise<number>((r) => setTimeout(() => r(21), 50));\nlater * 2")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ["42"])

    def test_library_loads_by_package_name(self):
        reply, outputs = self.run_cell('import { rng } from "tfjs-workbook";\nrng(7).int(0, 1000000) === rng(7).int(0, 1000000)')
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ["true"])

    def test_display_update_in_place(self):
        reply, outputs = self.run_cell('const live = require("tslab").newDisplay();\nlive.text("epoch 1");\nlive.text("epoch 2");')
        self.assertEqual(reply["content"]["status"], "ok")
        kinds = [(m["msg_type"], m["content"]["data"]["text/plain"]) for m in outputs]
        self.assertEqual(kinds, [("display_data", "epoch 1"), ("update_display_data", "epoch 2")])
        ids = {m["content"]["transient"]["display_id"] for m in outputs}
        self.assertEqual(len(ids), 1)

    def test_runtime_error_names_the_cell_lines(self):
        self.run_cell('function failing(n: number): number {\n  if (n > 1) throw new RangeError("too big: " + n);\n  return n;\n}')
        reply, outputs = self.run_cell("const fine = 1;\nfailing(5)")
        error = self.error_of(reply, outputs)
        self.assertEqual((error["ename"], error["evalue"]), ("RangeError", "too big: 5"))
        trace = "\n".join(error["traceback"])
        self.assertRegex(trace, r"at failing \(In \[\d+\], line 2:")
        self.assertIn('if (n > 1) throw new RangeError("too big: " + n);', trace)
        self.assertRegex(trace, r"at In \[%d\], line 2:1" % reply["content"]["execution_count"])
        self.assert_alive()

    def test_error_inside_awaited_library_call(self):
        reply, outputs = self.run_cell('import { setup } from "tfjs-workbook";\nconst backend: any = "tpu";\nawait setup({ backend, quiet: true });')
        error = self.error_of(reply, outputs)
        self.assertEqual(error["ename"], "WorkbookError")
        self.assertIn("backend", error["evalue"])
        self.assertIn("tpu", error["evalue"])
        trace = "\n".join(error["traceback"])
        self.assertRegex(trace, r"In \[\d+\], line 3:")
        self.assertRegex(trace, r"at setup \(src/lib/setup\.ts:\d+:\d+\)")  # the library's own TypeScript line
        self.assert_alive()

    def test_syntax_error_reply_has_compiler_message_and_line(self):
        reply, outputs = self.run_cell("const ok = 1;\nconst = 5;")
        error = self.error_of(reply, outputs)
        self.assertEqual(error["ename"], "SyntaxError")
        self.assertIn("Variable declaration expected", error["evalue"])
        self.assertIn("line 2", error["evalue"])
        self.assertIn("TS1134", "\n".join(error["traceback"]))
        self.assert_alive()

    def test_type_error_is_reported_before_running(self):
        reply, outputs = self.run_cell('console.log("must not run");\nconst n: number = "text";')
        error = self.error_of(reply, outputs)
        self.assertEqual(error["ename"], "TSError")
        self.assertIn("line 2", error["evalue"])
        self.assertEqual([m for m in outputs if m["msg_type"] == "stream"], [])

    def test_throwing_a_non_error_value(self):
        reply, outputs = self.run_cell("throw 3")
        error = self.error_of(reply, outputs)
        self.assertEqual((error["ename"], error["evalue"]), ("Uncaught", "3"))
        self.assert_alive()

    def test_cells_queued_behind_an_error_are_aborted(self):
        self.flush_channels()
        ids = [self.kc.execute(code) for code in ['await new Promise((r) => setTimeout(r, 300)); throw new Error("first")', "1 + 1", "2 + 2"]]
        status = {}
        while len(status) < len(ids):
            reply = self.get_non_kernel_info_reply(timeout=30)
            status[reply["parent_header"]["msg_id"]] = reply["content"]["status"]
        self.assertEqual([status[i] for i in ids], ["error", "aborted", "aborted"])
        self.assert_alive()

    def test_interrupt_during_synchronous_code_leaves_later_interrupts_working(self):
        # Synchronous JavaScript runs to its end (the kernel does not use breakOnSigint: see
        # executor.ts); the interrupt must not be lost for the cells after it, nor break them.
        reply, outputs = self.run_cell("const until = Date.now() + 3000;\nwhile (Date.now() < until) {}\n'finished'", interrupt_after=2.0)
        if reply["content"]["status"] == "error":  # the interrupt came while the cell still compiled
            self.assertEqual(self.error_of(reply, outputs)["ename"], "KeyboardInterrupt")
        self.assert_alive()
        for _ in range(2):
            reply, outputs = self.run_cell("await new Promise((r) => setTimeout(r, 60000));", interrupt_after=1.5)
            self.assertEqual(self.error_of(reply, outputs)["ename"], "KeyboardInterrupt")
        self.assert_alive()

    def test_interrupt_during_await(self):
        started = time.time()
        reply, outputs = self.run_cell("await new Promise((r) => setTimeout(r, 120000));\n'never'", interrupt_after=1.5)
        error = self.error_of(reply, outputs)
        self.assertEqual(error["ename"], "KeyboardInterrupt")
        self.assertLess(time.time() - started, 30)
        self.assert_alive()

    def value_of(self, expression):
        reply, outputs = self.run_cell(expression)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        return [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"][0]

    def test_interrupt_stops_library_training(self):
        prepare = ('import { setup, fit, mlp, tf } from "tfjs-workbook";\nawait setup({ quiet: true, seed: 1 });\n'
                   'const xs = tf.randomNormal([256, 8]);\n'
                   'const ys = tf.oneHot(tf.randomUniform([256], 0, 2, "int32") as tf.Tensor1D, 2).toFloat();\n'
                   'const net = mlp({ inputShape: [8], hidden: [16], numClasses: 2 });\n(globalThis as any).batches = 0;')
        reply, _ = self.run_cell(prepare)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        started = time.time()
        reply, outputs = self.run_cell('await fit(net, xs, ys, { epochs: 100000, batchSize: 8, '
                                       'callbacks: [{ onBatchEnd: () => { (globalThis as any).batches++; } }] });', interrupt_after=2.0)
        self.assertEqual(self.error_of(reply, outputs)["ename"], "KeyboardInterrupt")
        self.assertLess(time.time() - started, 20)
        first = self.value_of("(globalThis as any).batches")
        self.assertGreater(int(first), 0)
        time.sleep(1.0)
        self.assertEqual(self.value_of("(globalThis as any).batches"), first, "fit stopped at its next batch")
        # Interrupted while awaiting something else: the fit that cell reaches afterwards stops too.
        self.run_cell("(globalThis as any).batches = 0;")
        reply, outputs = self.run_cell('await new Promise((r) => setTimeout(r, 1500));\nawait fit(net, xs, ys, { epochs: 100000, batchSize: 8, '
                                       'callbacks: [{ onBatchEnd: () => { (globalThis as any).batches++; } }] });', interrupt_after=0.5)
        self.assertEqual(self.error_of(reply, outputs)["ename"], "KeyboardInterrupt")
        time.sleep(2.5)
        later = self.value_of("(globalThis as any).batches")
        self.assertLessEqual(int(later), 1, "the orphaned fit stopped after at most one batch")
        self.assert_alive()

    def test_interrupt_request_on_control_channel(self):
        self.flush_channels()
        msg_id = self.kc.execute("await new Promise((r) => setTimeout(r, 120000));")
        time.sleep(1.0)
        request = self.kc.session.msg("interrupt_request", {})
        self.kc.control_channel.send(request)
        control = self.kc.get_control_msg(timeout=15)
        validate_message(control, "interrupt_reply", request["header"]["msg_id"])
        reply = self.get_non_kernel_info_reply(timeout=30)
        validate_message(reply, "execute_reply", msg_id)
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        self.assert_alive()


if __name__ == "__main__":
    unittest.main(verbosity=2)
