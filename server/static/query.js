// The query page, enhanced: CodeMirror with SPARQL highlighting, one-click examples, Ctrl+Enter,
// copy-a-link. Without this file the page is a plain form that works the same way.
(function () {
  "use strict";
  var textarea = document.getElementById("query");
  var form = document.getElementById("query-form");
  if (!textarea || !form) return;
  var editor = null;
  if (window.CodeMirror) {
    editor = window.CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query", lineNumbers: true, lineWrapping: true, matchBrackets: true, indentUnit: 2,
      extraKeys: { "Ctrl-Enter": submit, "Cmd-Enter": submit }
    });
    document.body.classList.add("editor-ready");
  } else {
    textarea.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
    });
  }
  function submit() {
    if (editor) editor.save();
    form.submit();
  }
  var examples = document.querySelectorAll("a.example");
  Array.prototype.forEach.call(examples, function (a) {
    a.addEventListener("click", function (e) {
      var src = a.parentNode.querySelector("textarea.example-query");
      if (!src) return;
      e.preventDefault();
      if (editor) editor.setValue(src.value); else textarea.value = src.value;
      submit();
    });
  });
  var copy = document.getElementById("copy-link");
  var link = document.getElementById("share-link");
  if (copy && link && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(link.value).then(function () { copy.textContent = "Copied"; });
    });
  }
})();
