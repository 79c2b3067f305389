"""Jupyter kernel conformance (jupyter_kernel_test) for this project's tslab kernelspec.
Run by test/kernel/conformance.test.ts with JUPYTER_PATH pointing at the project's .jupyter/.
Samples tslab cannot satisfy are skipped with the reason, not dropped."""
import json
import os
import unittest

import jupyter_kernel_test


class TslabWorkbookKernelTests(jupyter_kernel_test.KernelTests):
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
    complete_code_samples = ["1 + 1", "const x = 1;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const a = [1, 2,", "if (true) {"]
    code_inspect_sample = "Math.max"


    # --- Samples tslab 1.0.22 fails, skipped with the reason; the tests below pin what it does instead.
    @unittest.skip("tslab's kernel_info_reply has no 'status' field, which the v5 message schema requires")
    def test_kernel_info(self):
        pass

    @unittest.skip("tslab's execute_reply for an error has status 'error' but no ename/evalue/traceback, "
                   "and the error is sent as a stderr stream, not an 'error' message")
    def test_error(self):
        pass

    @unittest.skip("tslab prints a cell's last expression with console.log (a stdout stream), never an execute_result")
    def test_execute_result(self):
        pass

    @unittest.skip("tslab has no pager payloads (no '?'-style help), so no code sample can page")
    def test_pager(self):
        pass

    @unittest.skip("tslab does not implement history_request")
    def test_history(self):
        pass

    @unittest.skip("tslab has no clear_output API, so no code sample can emit a clear_output message")
    def test_clear_output(self):
        pass

    @unittest.skip("tslab's is_complete never answers 'invalid': a syntax error is 'complete' and fails on execution")
    def test_is_complete_invalid(self):
        pass

    def run_cell(self, code):
        """Executes code and collects replies without schema validation (tslab's error reply fails it)."""
        self.flush_channels()
        msg_id = self.kc.execute(code)
        reply = self.get_non_kernel_info_reply(timeout=30)
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            outputs.append(msg)
        return reply, outputs

    def test_kernel_info_language(self):
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=15)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["language_info"]["name"], "typescript")
        self.assertEqual(reply["content"]["language_info"]["file_extension"], ".ts")

    def test_error_status_and_stderr(self):
        reply, outputs = self.run_cell('throw new Error("boom")')
        self.assertEqual(reply["content"]["status"], "error")
        stderr = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        self.assertIn("boom", stderr)

    def test_last_expression_printed(self):
        for sample in self.code_execute_result:
            with self.subTest(code=sample["code"]):
                reply, outputs = self.run_cell(sample["code"])
                self.assertEqual(reply["content"]["status"], "ok")
                stdout = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
                self.assertEqual(stdout.strip(), sample["result"])

    def test_library_loads_by_package_name(self):
        reply, outputs = self.run_cell('import { rng } from "tfjs-workbook";\nconsole.log(rng(7).int(0, 1000000) === rng(7).int(0, 1000000))')
        self.assertEqual(reply["content"]["status"], "ok")
        stdout = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        self.assertIn("true", stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
