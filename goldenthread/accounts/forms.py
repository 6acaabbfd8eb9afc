from django import forms
from django.core.validators import RegexValidator


class CodeForm(forms.Form):
    """The 6-digit code an authenticator app shows; spaces people type are ignored."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        validators=[
            RegexValidator(r"^\d{6}$", "Enter the code as 6 digits, like 123456"),
        ],
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())
