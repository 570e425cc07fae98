// The rich-text editor hides each section's textarea and edits a box of its own. The box
// takes over what the textarea had from the form — its label, help text and error — so
// screen readers announce it as before, and a click on the label puts the cursor in it.

function connect(textarea, box, focus) {
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  if (label) {
    label.id ||= `${textarea.id}_label`;
    box.setAttribute("aria-labelledby", label.id);
    label.addEventListener("click", () => focus());
  }
  for (const name of ["aria-describedby", "aria-invalid"]) {
    const value = textarea.getAttribute(name);
    if (value) box.setAttribute(name, value);
  }
  box.setAttribute("role", "textbox");
  box.setAttribute("aria-multiline", "true");
}

document.addEventListener("prose-editor:ready", (event) => {
  const { editor, textarea } = event.detail;
  connect(textarea, editor.view.dom, () => editor.commands.focus());
});

// Editors made before this module ran have already sent their event.
for (const wrapper of document.querySelectorAll(".prose-editor")) {
  const textarea = wrapper.querySelector("textarea");
  const box = wrapper.querySelector(".ProseMirror");
  if (textarea && box) connect(textarea, box, () => box.focus());
}
