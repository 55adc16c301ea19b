from __future__ import annotations

from django import forms


class PersonalTokenForm(forms.Form):
    token = forms.CharField(
        label="Personal access token",
        max_length=4096,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="In WebWork: Settings > REST API > Create Token. It is stored encrypted.",
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"]
        if any(ch.isspace() for ch in token):
            raise forms.ValidationError("A token has no spaces; paste it again.")
        return token.removeprefix("Bearer ").strip()


class WorkspaceForm(forms.Form):
    workspace = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, label="Workspace")

    def __init__(self, *args: object, workspaces: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["workspace"].choices = workspaces  # type: ignore[attr-defined]
