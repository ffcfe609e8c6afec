"""The design system's template tags (docs/ui.md):
``{% component "card" title=… %}…{% endcomponent %}`` renders ``components/card.html`` with
what it encloses as ``content``; ``{{ field|control }}`` draws a form field's widget with
Tabler's classes and its error state."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


class ComponentNode(template.Node):
    def __init__(self, name: FilterExpression, values: dict[str, FilterExpression], body: NodeList):
        self.name, self.values, self.body = name, values, body

    def render(self, context: Context) -> SafeString:
        content = mark_safe(self.body.render(context))  # rendered template output: escaped
        values = {key: value.resolve(context) for key, value in self.values.items()}
        part = context.template.engine.get_template(f"components/{self.name.resolve(context)}.html")
        with context.push(content=content, **values):
            return part.render(context)


@register.tag("component")
def component(parser: Parser, token: Token) -> ComponentNode:
    """``{% component "name" key=value … %}…{% endcomponent %}``."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("component needs the component's name")
    values = template.base.token_kwargs(bits[2:], parser)
    if len(values) != len(bits) - 2:
        raise template.TemplateSyntaxError("component takes key=value pairs after its name")
    body = parser.parse(("endcomponent",))
    parser.delete_first_token()
    return ComponentNode(parser.compile_filter(bits[1]), values, body)


@register.filter
def control(field: forms.BoundField) -> SafeString:
    """The field's widget with Tabler's class for its kind, marked invalid when it has errors."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        kind = "form-check-input"
    elif isinstance(widget, forms.Select):
        kind = "form-select"
    else:
        kind = "form-control"
    attrs: dict[str, Any] = {"class": f"{widget.attrs.get('class', '')} {kind}".strip()}
    described = [f"{field.auto_id}-error"] if field.errors else []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)
