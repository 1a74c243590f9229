"""The public catalogue as DCAT (DCAT-AP style), for harvesters and the national catalogue.

Built from the same `DatasetView`s the pages show, for an anonymous visitor, so a private
dataset can never appear in it.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from sousei.catalog.frequencies import FREQUENCIES_BY_ID
from sousei.catalog.selectors import DatasetView

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LANG = "ja"


def catalog_graph(
    datasets: list[DatasetView],
    *,
    site_url: str,
    dataset_url: Callable[[DatasetView], str],
    download_url: Callable[[DatasetView, str, str], str],
) -> Graph:
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    catalog = URIRef(site_url + "catalog")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("sousei オープンデータカタログ", lang=LANG)))
    graph.add((catalog, DCTERMS.language, Literal("ja")))
    graph.add((catalog, FOAF.homepage, URIRef(site_url)))
    for view in datasets:
        node = URIRef(dataset_url(view))
        graph.add((catalog, DCAT.dataset, node))
        _add_dataset(graph, node, view, download_url)
    return graph


def _add_dataset(
    graph: Graph,
    node: URIRef,
    view: DatasetView,
    download_url: Callable[[DatasetView, str, str], str],
) -> None:
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(view.id)))
    graph.add((node, DCTERMS.title, Literal(view.title, lang=LANG)))
    if view.description:
        graph.add((node, DCTERMS.description, Literal(view.description, lang=LANG)))
    graph.add((node, DCTERMS.issued, Literal(view.created_at.isoformat(), datatype=XSD.dateTime)))
    graph.add(
        (node, DCTERMS.modified, Literal(view.modified_at.isoformat(), datatype=XSD.dateTime))
    )
    publisher = BNode()
    graph.add((node, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal(view.organisation_name, lang=LANG)))
    for tag in view.tags:
        graph.add((node, DCAT.keyword, Literal(tag, lang=LANG)))
    for code in view.spatial:
        graph.add((node, DCTERMS.spatial, Literal(code)))
    frequency = FREQUENCIES_BY_ID.get(view.update_frequency)
    if frequency is not None:
        graph.add((node, DCTERMS.accrualPeriodicity, URIRef(frequency.uri)))
    if view.temporal_start or view.temporal_end:
        period = BNode()
        graph.add((node, DCTERMS.temporal, period))
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        for predicate, value in (
            (DCAT.startDate, view.temporal_start),
            (DCAT.endDate, view.temporal_end),
        ):
            if value:
                graph.add((period, predicate, Literal(value, datatype=XSD.date)))
    if view.licence_url:
        graph.add((node, DCTERMS.license, URIRef(view.licence_url)))
    for resource in view.resources:
        for fmt, media in (("csv", "text/csv"), ("parquet", "application/vnd.apache.parquet")):
            dist = URIRef(f"{download_url(view, resource.id, fmt)}")
            graph.add((node, DCAT.distribution, dist))
            graph.add((dist, RDF.type, DCAT.Distribution))
            graph.add((dist, DCTERMS.title, Literal(resource.name, lang=LANG)))
            graph.add((dist, DCAT.downloadURL, dist))
            graph.add((dist, DCAT.mediaType, Literal(media)))
            graph.add((dist, DCTERMS.format, Literal(fmt.upper())))
            if view.licence_url:
                graph.add((dist, DCTERMS.license, URIRef(view.licence_url)))
