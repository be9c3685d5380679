<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<core:CityModel xmlns="http://www.opengis.net/citygml/1.0" xmlns:core="http://www.opengis.net/citygml/1.0" xmlns:gen="http://www.opengis.net/citygml/generics/1.0" xmlns:grp="http://www.opengis.net/citygml/cityobjectgroup/1.0" xmlns:app="http://www.opengis.net/citygml/appearance/1.0" xmlns:bldg="http://www.opengis.net/citygml/building/1.0" xmlns:gml="http://www.opengis.net/gml" xmlns:xAL="urn:oasis:names:tc:ciq:xsdschema:xAL:2.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.opengis.net/citygml/1.0 http://repository.gdi-de.org/schemas/adv/citygml/1.0/cityGMLBaseLoD2.xsd http://www.opengis.net/citygml/building/1.0 http://repository.gdi-de.org/schemas/adv/citygml/building/1.0/buildingLoD2.xsd http://www.opengis.net/citygml/appearance/1.0 http://repository.gdi-de.org/schemas/adv/citygml/appearance/1.0/appearanceLoD2.xsd http://www.opengis.net/citygml/generics/1.0 http://repository.gdi-de.org/schemas/adv/citygml/generics/1.0/genericsLoD2.xsd http://www.opengis.net/citygml/cityobjectgroup/1.0 http://repository.gdi-de.org/schemas/adv/citygml/cityobjectgroup/1.0/cityObjectGroupLoD2.xsd">
  <gml:name>LoD2_32_327_5733_1_NW</gml:name>
  <gml:boundedBy>
    <gml:Envelope srsName="urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016">
      <gml:lowerCorner srsDimension="3">327000.0 5733000.0 16.138</gml:lowerCorner>
      <gml:upperCorner srsDimension="3">328000.0 5734000.0 37.676</gml:upperCorner>
    </gml:Envelope>
  </gml:boundedBy>
  <core:cityObjectMember>
    <bldg:Building gml:id="DENW34AL0000yxAJ">
      <core:creationDate>2021-01-23</core:creationDate>
      <core:externalReference>
        <core:informationSystem>http://repository.gdi-de.org/schemas/adv/citygml/fdv/art.htm#_9100</core:informationSystem>
        <core:externalObject>
          <core:name>DENW34AL0000yxAJ</core:name>
        </core:externalObject>
      </core:externalReference>
      <gen:stringAttribute name="DatenquelleDachhoehe">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Geometrietyp2DReferenz">
        <gen:value>3000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Gemeindeschluessel">
        <gen:value>05170012</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleBodenhoehe">
        <gen:value>1100</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleLage">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Grundrissaktualitaet">
        <gen:value>2020-07-01</gen:value>
      </gen:stringAttribute>
      <bldg:function>31001_2723</bldg:function>
      <bldg:roofType>1000</bldg:roofType>
      <bldg:measuredHeight uom="urn:adv:uom:m">15.336</bldg:measuredHeight>
      <bldg:lod2Solid>
        <gml:Solid>
          <gml:exterior>
            <gml:CompositeSurface>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857477_2_2"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857477_2_1"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857477_2_3"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857477_2_5"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857477_2_0"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857477_2_4"/>
            </gml:CompositeSurface>
          </gml:exterior>
        </gml:Solid>
      </bldg:lod2Solid>
      <bldg:lod2TerrainIntersection>
        <gml:MultiCurve>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327419.363 5733294.858 22.488 327419.816 5733294.816 22.451 327420.0 5733294.799 22.444 327420.731 5733294.731 22.409 327421.0 5733294.705 22.396 327421.09 5733294.697 22.391</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327420.87 5733292.513 22.34 327420.91 5733292.91 22.366 327420.919 5733293.0 22.373 327421.0 5733293.804 22.402 327421.02 5733294.0 22.409 327421.022 5733294.022 22.408 327421.09 5733294.697 22.391</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327418.916 5733292.686 22.432 327419.0 5733292.679 22.421 327419.623 5733292.623 22.391 327420.0 5733292.59 22.377 327420.542 5733292.542 22.352 327420.87 5733292.513 22.34</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327418.916 5733292.686 22.432 327418.976 5733292.976 22.451 327418.981 5733293.0 22.451 327419.0 5733293.094 22.455 327419.186 5733294.0 22.493 327419.235 5733294.235 22.486 327419.363 5733294.858 22.488</gml:posList>
            </gml:LineString>
          </gml:curveMember>
        </gml:MultiCurve>
      </bldg:lod2TerrainIntersection>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_eb6430cb-1dad-4145-a47b-cc07233eb61a">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_a0e4b067-680e-4565-a934-8eafe1688b59">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857477_2_1">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857477_2_1_0_">
                      <gml:posList srsDimension="3">327419.363 5733294.858 37.676 327421.09 5733294.697 37.676 327421.09 5733294.697 22.34 327419.363 5733294.858 22.34 327419.363 5733294.858 37.676</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_6891f36d-58e8-4116-aad4-d940f18b79f5">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_3d1aba8a-8992-4669-bf0a-9bc075148358">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857477_2_2">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857477_2_2_0_">
                      <gml:posList srsDimension="3">327421.09 5733294.697 37.676 327420.87 5733292.513 37.676 327420.87 5733292.513 22.34 327421.09 5733294.697 22.34 327421.09 5733294.697 37.676</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_20d85d35-4134-4789-bd6a-615b1764fced">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_f9c0b1f1-b97f-45d9-af06-3f4c552d11d3">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857477_2_3">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857477_2_3_0_">
                      <gml:posList srsDimension="3">327420.87 5733292.513 37.676 327418.916 5733292.686 37.676 327418.916 5733292.686 22.34 327420.87 5733292.513 22.34 327420.87 5733292.513 37.676</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_d2cf0a8a-8ce1-449c-8711-cdb863ad1d54">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_107f01d3-bdf1-4210-a949-3b8bc16be768">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857477_2_4">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857477_2_4_0_">
                      <gml:posList srsDimension="3">327418.916 5733292.686 37.676 327419.363 5733294.858 37.676 327419.363 5733294.858 22.34 327418.916 5733292.686 22.34 327418.916 5733292.686 37.676</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:RoofSurface gml:id="UUID_0695db7b-44e4-43aa-b62c-a68993553dea">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_f71b6306-81f7-4683-b61b-e72cc1f4a7b8">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857477_2_5">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857477_2_5_0_">
                      <gml:posList srsDimension="3">327418.916 5733292.686 37.676 327420.87 5733292.513 37.676 327421.09 5733294.697 37.676 327419.363 5733294.858 37.676 327418.916 5733292.686 37.676</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:RoofSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:GroundSurface gml:id="UUID_a46d6ff8-3bec-4c25-895e-11cd3ea5344b">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_944c77cf-3fe5-4742-80eb-8847a6daf1c2">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857477_2_0">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857477_2_0_0_">
                      <gml:posList srsDimension="3">327419.363 5733294.858 22.34 327421.09 5733294.697 22.34 327420.87 5733292.513 22.34 327418.916 5733292.686 22.34 327419.363 5733294.858 22.34</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:GroundSurface>
      </bldg:boundedBy>
      <bldg:address>
        <core:Address gml:id="UUID_77c2537c-e259-4493-8db8-6e66c1b79905">
          <core:xalAddress>
            <xAL:AddressDetails>
              <xAL:Country>
                <xAL:CountryName>Germany</xAL:CountryName>
                <xAL:Locality Type="Town">
                  <xAL:LocalityName>Hamminkeln</xAL:LocalityName>
                  <xAL:Thoroughfare Type="Street">
                    <xAL:ThoroughfareNumber>14</xAL:ThoroughfareNumber>
                    <xAL:ThoroughfareName>Alte Poststraße</xAL:ThoroughfareName>
                  </xAL:Thoroughfare>
                </xAL:Locality>
              </xAL:Country>
            </xAL:AddressDetails>
          </core:xalAddress>
        </core:Address>
      </bldg:address>
    </bldg:Building>
  </core:cityObjectMember>
  <core:cityObjectMember>
    <bldg:Building gml:id="DENW34AL0000yxDB">
      <core:creationDate>2021-01-23</core:creationDate>
      <core:externalReference>
        <core:informationSystem>http://repository.gdi-de.org/schemas/adv/citygml/fdv/art.htm#_9100</core:informationSystem>
        <core:externalObject>
          <core:name>DENW34AL0000yxDB</core:name>
        </core:externalObject>
      </core:externalReference>
      <gen:stringAttribute name="Gemeindeschluessel">
        <gen:value>05170012</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Geometrietyp2DReferenz">
        <gen:value>3000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Grundrissaktualitaet">
        <gen:value>2020-07-01</gen:value>
      </gen:stringAttribute>
      <bldg:function>31001_1010</bldg:function>
      <bldg:consistsOfBuildingPart>
        <bldg:BuildingPart gml:id="UUID_203f07a9-f2b8-4392-afc4-a80f1f07b3ef">
          <core:creationDate>2021-01-23</core:creationDate>
          <gen:stringAttribute name="DatenquelleDachhoehe">
            <gen:value>1000</gen:value>
          </gen:stringAttribute>
          <gen:stringAttribute name="DatenquelleBodenhoehe">
            <gen:value>1100</gen:value>
          </gen:stringAttribute>
          <gen:stringAttribute name="DatenquelleLage">
            <gen:value>1000</gen:value>
          </gen:stringAttribute>
          <gen:stringAttribute name="Grundrissaktualitaet">
            <gen:value>2020-07-01</gen:value>
          </gen:stringAttribute>
          <bldg:roofType>3100</bldg:roofType>
          <bldg:measuredHeight uom="urn:adv:uom:m">5.901</bldg:measuredHeight>
          <bldg:lod2Solid>
            <gml:Solid>
              <gml:exterior>
                <gml:CompositeSurface>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_5"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_11"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_1"/>
                  <gml:surfaceMember xlink:href="#UUID_639d9f2f-f88e-41f0-ad2e-5a22de9314eb"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_4"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_2"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_0"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_9"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_14"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_6"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_8"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_15"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_13"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_12"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_3"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857706_2_10"/>
                </gml:CompositeSurface>
              </gml:exterior>
            </gml:Solid>
          </bldg:lod2Solid>
          <bldg:lod2TerrainIntersection>
            <gml:MultiCurve>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327961.847 5733153.701 23.007 327961.971 5733153.971 23.01 327961.984 5733154.0 23.01 327962.0 5733154.034 23.01 327962.444 5733155.0 23.001 327962.822 5733155.822 22.952 327962.904 5733156.0 22.948 327963.0 5733156.209 22.9 327963.016 5733156.244 22.893</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327963.016 5733156.244 22.893 327963.364 5733157.0 22.743 327963.673 5733157.673 22.663 327963.723 5733157.782 22.649</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327963.723 5733157.782 22.649 327963.823 5733158.0 22.622 327964.0 5733158.384 22.585 327964.283 5733159.0 22.527 327964.524 5733159.524 22.509 327964.743 5733160.0 22.485 327965.0 5733160.559 22.468 327965.203 5733161.0 22.442 327965.375 5733161.375 22.412 327965.599 5733161.862 22.382</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327965.599 5733161.862 22.382 327965.778 5733161.778 22.372 327966.0 5733161.675 22.37 327966.46 5733161.46 22.359 327967.0 5733161.208 22.363 327967.142 5733161.142 22.367 327967.446 5733161.0 22.362 327967.824 5733160.824 22.354 327968.0 5733160.741 22.361 327968.505 5733160.505 22.359 327969.0 5733160.275 22.358 327969.187 5733160.187 22.365 327969.588 5733160.0 22.362 327969.869 5733159.869 22.37 327970.0 5733159.808 22.371 327970.551 5733159.551 22.394 327971.0 5733159.341 22.406 327971.233 5733159.233 22.428 327971.731 5733159.0 22.447 327971.914 5733158.914 22.455 327972.0 5733158.874 22.456 327972.596 5733158.596 22.458 327973.0 5733158.408 22.46 327973.278 5733158.278 22.452 327973.873 5733158.0 22.445 327973.96 5733157.96 22.444 327974.0 5733157.941 22.446 327974.641 5733157.641 22.444 327975.0 5733157.474 22.448 327975.323 5733157.323 22.464 327976.0 5733157.007 22.469 327976.005 5733157.005 22.47 327976.016 5733157.0 22.47 327976.318 5733156.859 22.489</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327974.443 5733152.861 22.821 327974.508 5733153.0 22.815 327974.957 5733153.957 22.753 327974.977 5733154.0 22.75 327975.0 5733154.049 22.747 327975.446 5733155.0 22.684 327975.84 5733155.84 22.579 327975.915 5733156.0 22.564 327976.0 5733156.181 22.544 327976.318 5733156.859 22.489</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327972.568 5733148.862 22.993 327972.632 5733149.0 22.994 327973.0 5733149.784 22.966 327973.101 5733150.0 22.963 327973.191 5733150.191 22.954 327973.57 5733151.0 22.93 327974.0 5733151.916 22.866 327974.039 5733152.0 22.861 327974.074 5733152.074 22.857 327974.443 5733152.861 22.821</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327969.577 5733150.212 22.998 327970.0 5733150.021 23.0 327970.015 5733150.015 23.0 327970.047 5733150.0 23.0 327970.704 5733149.704 23.0 327971.0 5733149.57 23.0 327971.393 5733149.393 22.996 327972.0 5733149.118 22.999 327972.082 5733149.082 22.997 327972.262 5733149.0 22.997 327972.568 5733148.862 22.993</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327967.436 5733151.175 22.998 327967.825 5733151.0 23.0 327967.946 5733150.946 23.0 327968.0 5733150.921 23.0 327968.635 5733150.635 23.0 327969.0 5733150.472 23.0 327969.325 5733150.325 22.997 327969.577 5733150.212 22.998</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327967.008 5733150.225 23.0 327967.357 5733151.0 23.0 327967.436 5733151.175 22.998</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327965.405 5733150.954 23.0 327965.782 5733150.782 23.0 327966.0 5733150.683 23.0 327966.47 5733150.47 23.0 327967.0 5733150.229 23.0 327967.008 5733150.225 23.0</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327965.405 5733150.954 23.0 327965.426 5733151.0 23.0 327965.775 5733151.775 23.0 327965.832 5733151.901 23.0</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327961.936 5733153.657 23.007 327962.0 5733153.628 23.006 327962.433 5733153.433 23.004 327963.0 5733153.177 23.01 327963.122 5733153.122 23.009 327963.394 5733153.0 23.01 327963.812 5733152.812 23.008 327964.0 5733152.727 23.007 327964.501 5733152.501 23.0 327965.0 5733152.276 23.0 327965.19 5733152.19 23.0 327965.612 5733152.0 23.0 327965.832 5733151.901 23.0</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327961.847 5733153.701 23.007 327961.936 5733153.657 23.007</gml:posList>
                </gml:LineString>
              </gml:curveMember>
            </gml:MultiCurve>
          </bldg:lod2TerrainIntersection>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_38de9bd9-de31-4b66-993b-ac539e7d7e13">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_805a258f-e2a0-48b4-8886-83f616745fca">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_1">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_1_0_">
                          <gml:posList srsDimension="3">327961.847 5733153.701 26.253 327963.016 5733156.244 27.501 327963.016 5733156.244 22.354 327961.847 5733153.701 22.354 327961.847 5733153.701 26.253</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_9aacead0-a900-4ebe-a9f8-14ceac45ecd4">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_bc56527a-047b-4431-bd9e-d38c23dc62c3">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_2">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_2_0_">
                          <gml:posList srsDimension="3">327963.016 5733156.244 27.501 327963.723 5733157.782 28.255 327963.723 5733157.782 22.354 327963.016 5733156.244 22.354 327963.016 5733156.244 27.501</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_d5d03444-00e2-42b2-8c5f-30eb03d53d4d">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_aacee2c9-55bf-4e88-be52-335d30beeab1">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_3">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_3_0_">
                          <gml:posList srsDimension="3">327963.723 5733157.782 28.255 327965.599 5733161.862 26.253 327965.599 5733161.862 22.354 327963.723 5733157.782 22.354 327963.723 5733157.782 28.255</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_6ca5ef32-7963-471e-a201-b411922f80d0">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_29768636-fa91-4bf5-bdd5-3356c27f7dc2">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_4">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_4_0_">
                          <gml:posList srsDimension="3">327965.599 5733161.862 26.253 327976.318 5733156.859 26.253 327976.318 5733156.859 22.354 327965.599 5733161.862 22.354 327965.599 5733161.862 26.253</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_afafa652-8e3d-4fb8-bacb-a6bfd7135cef">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_6fafd8fe-074b-4d2e-ab29-4d83815cccef">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_5">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_5_0_">
                          <gml:posList srsDimension="3">327976.318 5733156.859 26.253 327974.443 5733152.861 28.255 327974.443 5733152.861 22.354 327976.318 5733156.859 22.354 327976.318 5733156.859 26.253</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_c8dae0e3-2402-4844-9e9f-b5c004c3a0cb">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_91aae75d-7b23-49ed-9b5e-5224c7ec73b7">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_6">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_6_0_">
                          <gml:posList srsDimension="3">327974.443 5733152.861 28.255 327972.568 5733148.862 26.253 327972.568 5733148.862 22.354 327974.443 5733152.861 22.354 327974.443 5733152.861 28.255</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_205e21db-9192-4421-992a-e9018e08eb5a">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_8e739186-48f7-4c3e-828a-f3da2d1f7bc2">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_8">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_8_0_">
                          <gml:posList srsDimension="3">327969.577 5733150.212 26.253 327967.436 5733151.175 26.252 327967.436 5733151.175 22.354 327969.577 5733150.212 22.354 327969.577 5733150.212 26.253</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_8ebbc974-d845-404a-85ff-ef41d33f913a">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_d3e236cc-1b9f-48f7-bebb-15c5f739d938">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_9">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_9_0_">
                          <gml:posList srsDimension="3">327967.436 5733151.175 26.252 327967.008 5733150.225 25.788 327967.008 5733150.225 22.354 327967.436 5733151.175 22.354 327967.436 5733151.175 26.252</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_be26dfee-563d-4053-ab82-42b00cc7c8be">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_82043a75-537c-4b20-b0bc-baea9cf4f731">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_10">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_10_0_">
                          <gml:posList srsDimension="3">327967.008 5733150.225 25.788 327965.405 5733150.954 25.79 327965.405 5733150.954 22.354 327967.008 5733150.225 22.354 327967.008 5733150.225 25.788</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_ccc44c08-9184-4d7e-90ab-b5ebe4a7f8d9">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_c4e29b03-a589-4709-8436-6896847b130b">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_11">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_11_0_">
                          <gml:posList srsDimension="3">327965.405 5733150.954 25.79 327965.832 5733151.901 26.253 327965.832 5733151.901 22.354 327965.405 5733150.954 22.354 327965.405 5733150.954 25.79</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_d1f4bfe4-8c35-48b0-8566-5800686ba4eb">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_11c5338d-2b05-47e9-bdb9-28c887378531">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_12">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_12_0_">
                          <gml:posList srsDimension="3">327965.832 5733151.901 26.253 327961.936 5733153.657 26.252 327961.936 5733153.657 22.354 327965.832 5733151.901 22.354 327965.832 5733151.901 26.253</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_50a2f3d9-e5ee-4ad7-8f47-3b21f6b7a432">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_631acfc2-cafa-45d3-a6c1-7528f9971f01">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_13">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_13_0_">
                          <gml:posList srsDimension="3">327961.936 5733153.657 26.252 327961.847 5733153.701 26.253 327961.847 5733153.701 22.354 327961.936 5733153.657 22.354 327961.936 5733153.657 26.252</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:RoofSurface gml:id="UUID_9badfed1-949f-4c23-bc2e-34a3879c5d14">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_61be5a02-694d-4c0a-969f-02423a322307">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_14">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_14_0_">
                          <gml:posList srsDimension="3">327963.723 5733157.782 28.255 327963.016 5733156.244 27.501 327961.847 5733153.701 26.253 327961.936 5733153.657 26.252 327965.832 5733151.901 26.253 327965.405 5733150.954 25.79 327967.008 5733150.225 25.788 327967.436 5733151.175 26.252 327969.577 5733150.212 26.253 327972.568 5733148.862 26.253 327974.443 5733152.861 28.255 327963.723 5733157.782 28.255</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:RoofSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:RoofSurface gml:id="UUID_f7e0a77f-bb2a-485a-94bf-c01068b1fcde">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_a4108716-a30f-4921-bd74-01cb50cb915e">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_15">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_15_0_">
                          <gml:posList srsDimension="3">327974.443 5733152.861 28.255 327976.318 5733156.859 26.253 327965.599 5733161.862 26.253 327963.723 5733157.782 28.255 327974.443 5733152.861 28.255</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:RoofSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:GroundSurface gml:id="UUID_5314a1d1-a128-4c07-bd24-d6907fc2b4bc">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_8b1bceb9-16ef-42e1-b09d-ef457811216e">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857706_2_0">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857706_2_0_0_">
                          <gml:posList srsDimension="3">327961.847 5733153.701 22.354 327963.016 5733156.244 22.354 327963.723 5733157.782 22.354 327965.599 5733161.862 22.354 327976.318 5733156.859 22.354 327974.443 5733152.861 22.354 327972.568 5733148.862 22.354 327969.577 5733150.212 22.354 327967.436 5733151.175 22.354 327967.008 5733150.225 22.354 327965.405 5733150.954 22.354 327965.832 5733151.901 22.354 327961.936 5733153.657 22.354 327961.847 5733153.701 22.354</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:GroundSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:ClosureSurface>
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface>
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="UUID_639d9f2f-f88e-41f0-ad2e-5a22de9314eb">
                      <gml:exterior>
                        <gml:LinearRing>
                          <gml:posList srsDimension="3">327972.568 5733148.862 26.253 327969.577 5733150.212 26.253 327969.577 5733150.212 22.354 327972.568 5733148.862 22.354 327972.568 5733148.862 26.253</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:ClosureSurface>
          </bldg:boundedBy>
        </bldg:BuildingPart>
      </bldg:consistsOfBuildingPart>
      <bldg:consistsOfBuildingPart>
        <bldg:BuildingPart gml:id="GUID_1543405942858_110857707">
          <core:creationDate>2021-01-23</core:creationDate>
          <gen:stringAttribute name="DatenquelleDachhoehe">
            <gen:value>1000</gen:value>
          </gen:stringAttribute>
          <gen:stringAttribute name="DatenquelleBodenhoehe">
            <gen:value>1100</gen:value>
          </gen:stringAttribute>
          <gen:stringAttribute name="DatenquelleLage">
            <gen:value>1000</gen:value>
          </gen:stringAttribute>
          <gen:stringAttribute name="Grundrissaktualitaet">
            <gen:value>2020-07-01</gen:value>
          </gen:stringAttribute>
          <bldg:roofType>1000</bldg:roofType>
          <bldg:measuredHeight uom="urn:adv:uom:m">3.899</bldg:measuredHeight>
          <bldg:lod2Solid>
            <gml:Solid>
              <gml:exterior>
                <gml:CompositeSurface>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857707_2_5"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857707_2_0"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857707_2_1"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857707_2_3"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857707_2_4"/>
                  <gml:surfaceMember xlink:href="#UUID_760b2c5e-3a08-4c5a-a8e6-0b49c132da6e"/>
                </gml:CompositeSurface>
              </gml:exterior>
            </gml:Solid>
          </bldg:lod2Solid>
          <bldg:lod2TerrainIntersection>
            <gml:MultiCurve>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327968.286 5733147.37 22.993 327968.572 5733148.0 22.996 327969.0 5733148.942 23.0 327969.026 5733149.0 23.0 327969.048 5733149.048 23.0 327969.481 5733150.0 23.0 327969.577 5733150.212 22.998</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327969.577 5733150.212 22.998 327970.0 5733150.021 23.0 327970.015 5733150.015 23.0 327970.047 5733150.0 23.0 327970.704 5733149.704 23.0 327971.0 5733149.57 23.0 327971.393 5733149.393 22.996 327972.0 5733149.118 22.999 327972.082 5733149.082 22.997 327972.262 5733149.0 22.997 327972.568 5733148.862 22.993</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327971.222 5733145.993 22.956 327971.225 5733146.0 22.955 327971.424 5733146.424 22.956 327971.694 5733147.0 22.959 327972.0 5733147.652 22.976 327972.163 5733148.0 22.992 327972.307 5733148.307 22.99 327972.568 5733148.862 22.993</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327968.286 5733147.37 22.993 327968.343 5733147.343 22.993 327969.0 5733147.035 22.99 327969.024 5733147.024 22.99 327969.075 5733147.0 22.989 327969.705 5733146.705 22.989 327970.0 5733146.566 22.98 327970.385 5733146.385 22.98 327971.0 5733146.097 22.962 327971.066 5733146.066 22.959 327971.207 5733146.0 22.956 327971.222 5733145.993 22.956</gml:posList>
                </gml:LineString>
              </gml:curveMember>
            </gml:MultiCurve>
          </bldg:lod2TerrainIntersection>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_3ab01720-92a3-4b97-8e23-bca2ff036a4e">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_931f7367-a3da-4f97-868d-335aafca1177">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857707_2_1">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857707_2_1_0_">
                          <gml:posList srsDimension="3">327968.286 5733147.37 26.253 327969.577 5733150.212 26.253 327969.577 5733150.212 22.354 327968.286 5733147.37 22.354 327968.286 5733147.37 26.253</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_25c8fbbf-0403-4ce7-8d76-ab3bac8707fd">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_4fab51e6-cd96-47b2-b634-2905dd8f4f67">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857707_2_3">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857707_2_3_0_">
                          <gml:posList srsDimension="3">327972.568 5733148.862 26.253 327971.222 5733145.993 26.253 327971.222 5733145.993 22.354 327972.568 5733148.862 22.354 327972.568 5733148.862 26.253</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_ad71913a-fb2c-4bae-971e-379fb0d7ce8a">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_9454c75e-33d9-48d3-8cfc-b5d9708a2551">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857707_2_4">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857707_2_4_0_">
                          <gml:posList srsDimension="3">327971.222 5733145.993 26.253 327968.286 5733147.37 26.253 327968.286 5733147.37 22.354 327971.222 5733145.993 22.354 327971.222 5733145.993 26.253</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:RoofSurface gml:id="UUID_87b8c698-44c3-4b46-b3ca-f2cdabfafe15">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_6e77cc66-2033-4f2e-a05d-884646aa8ac0">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857707_2_5">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857707_2_5_0_">
                          <gml:posList srsDimension="3">327971.222 5733145.993 26.253 327972.568 5733148.862 26.253 327969.577 5733150.212 26.253 327968.286 5733147.37 26.253 327971.222 5733145.993 26.253</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:RoofSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:GroundSurface gml:id="UUID_af61a125-e6df-495c-9c52-676053f0178e">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_871cb828-de96-463f-b62b-836111fd52a6">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857707_2_0">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857707_2_0_0_">
                          <gml:posList srsDimension="3">327968.286 5733147.37 22.354 327969.577 5733150.212 22.354 327972.568 5733148.862 22.354 327971.222 5733145.993 22.354 327968.286 5733147.37 22.354</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:GroundSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:ClosureSurface>
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface>
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="UUID_760b2c5e-3a08-4c5a-a8e6-0b49c132da6e">
                      <gml:exterior>
                        <gml:LinearRing>
                          <gml:posList srsDimension="3">327969.577 5733150.212 26.253 327972.568 5733148.862 26.253 327972.568 5733148.862 22.354 327969.577 5733150.212 22.354 327969.577 5733150.212 26.253</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:ClosureSurface>
          </bldg:boundedBy>
        </bldg:BuildingPart>
      </bldg:consistsOfBuildingPart>
      <bldg:address>
        <core:Address gml:id="UUID_697fd27b-e587-4c19-a6fc-4484e6cb903a">
          <core:xalAddress>
            <xAL:AddressDetails>
              <xAL:Country>
                <xAL:CountryName>Germany</xAL:CountryName>
                <xAL:Locality Type="Town">
                  <xAL:LocalityName>Hamminkeln</xAL:LocalityName>
                  <xAL:Thoroughfare Type="Street">
                    <xAL:ThoroughfareNumber>15</xAL:ThoroughfareNumber>
                    <xAL:ThoroughfareName>Alte Poststraße</xAL:ThoroughfareName>
                  </xAL:Thoroughfare>
                </xAL:Locality>
              </xAL:Country>
            </xAL:AddressDetails>
          </core:xalAddress>
        </core:Address>
      </bldg:address>
    </bldg:Building>
  </core:cityObjectMember>
  <core:cityObjectMember>
    <bldg:Building gml:id="DENW34AL0000yxCo">
      <core:creationDate>2021-01-23</core:creationDate>
      <core:externalReference>
        <core:informationSystem>http://repository.gdi-de.org/schemas/adv/citygml/fdv/art.htm#_9100</core:informationSystem>
        <core:externalObject>
          <core:name>DENW34AL0000yxCo</core:name>
        </core:externalObject>
      </core:externalReference>
      <gen:stringAttribute name="DatenquelleDachhoehe">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Geometrietyp2DReferenz">
        <gen:value>3000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Gemeindeschluessel">
        <gen:value>05170012</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleBodenhoehe">
        <gen:value>1100</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleLage">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Grundrissaktualitaet">
        <gen:value>2020-07-01</gen:value>
      </gen:stringAttribute>
      <bldg:function>51009_1610</bldg:function>
      <bldg:roofType>1000</bldg:roofType>
      <bldg:measuredHeight uom="urn:adv:uom:m">2.242</bldg:measuredHeight>
      <bldg:lod2Solid>
        <gml:Solid>
          <gml:exterior>
            <gml:CompositeSurface>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857525_2_0"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857525_2_1"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857525_2_3"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857525_2_2"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857525_2_4"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857525_2_5"/>
            </gml:CompositeSurface>
          </gml:exterior>
        </gml:Solid>
      </bldg:lod2Solid>
      <bldg:lod2TerrainIntersection>
        <gml:MultiCurve>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327781.401 5733189.149 19.125 327781.527 5733189.527 19.404 327781.684 5733190.0 19.625 327782.0 5733190.95 20.562 327782.016 5733190.998 20.607</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327780.54 5733189.436 18.997 327781.0 5733189.283 18.988 327781.212 5733189.212 19.115 327781.401 5733189.149 19.125</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327780.54 5733189.436 18.997 327780.592 5733189.592 19.038 327780.728 5733190.0 19.054 327781.0 5733190.818 19.577 327781.06 5733191.0 19.726 327781.091 5733191.091 19.827 327781.154 5733191.281 20.079</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327781.154 5733191.281 20.079 327781.25 5733191.25 20.102 327782.0 5733191.003 20.603 327782.002 5733191.002 20.602 327782.01 5733191.0 20.605 327782.016 5733190.998 20.607</gml:posList>
            </gml:LineString>
          </gml:curveMember>
        </gml:MultiCurve>
      </bldg:lod2TerrainIntersection>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_e815e1b9-2268-40fe-877f-7da4fcad5f9c">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_a67a662b-ac45-48fd-820f-448f0611db6a">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857525_2_1">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857525_2_1_0_">
                      <gml:posList srsDimension="3">327782.016 5733190.998 21.23 327781.401 5733189.149 21.23 327781.401 5733189.149 18.988 327782.016 5733190.998 18.988 327782.016 5733190.998 21.23</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_c9a74b2b-02e9-4f0a-a8b6-36dd9ce8aa57">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_c956d96a-1bd6-458e-9eb2-07a5c86214b1">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857525_2_2">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857525_2_2_0_">
                      <gml:posList srsDimension="3">327781.401 5733189.149 21.23 327780.54 5733189.436 21.23 327780.54 5733189.436 18.988 327781.401 5733189.149 18.988 327781.401 5733189.149 21.23</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_4d78062d-067d-4880-b9b5-4043f29edaec">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_fd6b2cde-74d8-4ba6-a605-2e4a557202e6">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857525_2_3">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857525_2_3_0_">
                      <gml:posList srsDimension="3">327780.54 5733189.436 21.23 327781.154 5733191.281 21.23 327781.154 5733191.281 18.988 327780.54 5733189.436 18.988 327780.54 5733189.436 21.23</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_f338eff0-de39-4308-a555-f2c355b29acf">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_ed9dffd5-59a9-4fc0-a113-0b96312cda9e">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857525_2_4">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857525_2_4_0_">
                      <gml:posList srsDimension="3">327781.154 5733191.281 21.23 327782.016 5733190.998 21.23 327782.016 5733190.998 18.988 327781.154 5733191.281 18.988 327781.154 5733191.281 21.23</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:RoofSurface gml:id="UUID_674ee730-cefd-4500-8511-f1d50f32fbf9">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_3fef5211-1713-4aea-9d43-cdcb1a76147e">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857525_2_5">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857525_2_5_0_">
                      <gml:posList srsDimension="3">327781.154 5733191.281 21.23 327780.54 5733189.436 21.23 327781.401 5733189.149 21.23 327782.016 5733190.998 21.23 327781.154 5733191.281 21.23</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:RoofSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:GroundSurface gml:id="UUID_73e7d7c3-b3a4-4e55-a508-e9e4188625ff">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_a428de05-6743-4a0e-b0ee-275f49e6d8bb">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857525_2_0">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857525_2_0_0_">
                      <gml:posList srsDimension="3">327782.016 5733190.998 18.988 327781.401 5733189.149 18.988 327780.54 5733189.436 18.988 327781.154 5733191.281 18.988 327782.016 5733190.998 18.988</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:GroundSurface>
      </bldg:boundedBy>
    </bldg:Building>
  </core:cityObjectMember>
  <core:cityObjectMember>
    <bldg:Building gml:id="DENW34AL0000yxAF">
      <core:creationDate>2021-01-23</core:creationDate>
      <core:externalReference>
        <core:informationSystem>http://repository.gdi-de.org/schemas/adv/citygml/fdv/art.htm#_9100</core:informationSystem>
        <core:externalObject>
          <core:name>DENW34AL0000yxAF</core:name>
        </core:externalObject>
      </core:externalReference>
      <gen:stringAttribute name="DatenquelleDachhoehe">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Geometrietyp2DReferenz">
        <gen:value>3000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Gemeindeschluessel">
        <gen:value>05170012</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleBodenhoehe">
        <gen:value>1100</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleLage">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Grundrissaktualitaet">
        <gen:value>2020-07-01</gen:value>
      </gen:stringAttribute>
      <bldg:function>31001_1010</bldg:function>
      <bldg:roofType>1000</bldg:roofType>
      <bldg:measuredHeight uom="urn:adv:uom:m">4.263</bldg:measuredHeight>
      <bldg:lod2Solid>
        <gml:Solid>
          <gml:exterior>
            <gml:CompositeSurface>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857556_2_5"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857556_2_4"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857556_2_1"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857556_2_0"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857556_2_2"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857556_2_3"/>
            </gml:CompositeSurface>
          </gml:exterior>
        </gml:Solid>
      </bldg:lod2Solid>
      <bldg:lod2TerrainIntersection>
        <gml:MultiCurve>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327421.769 5733227.588 17.813 327422.0 5733227.622 17.947 327422.73 5733227.73 18.081 327423.0 5733227.769 18.111 327423.902 5733227.902 18.233 327424.0 5733227.917 18.22 327424.566 5733228.0 18.271 327425.0 5733228.064 18.317 327425.075 5733228.075 18.32 327426.0 5733228.211 18.361 327426.248 5733228.248 18.34 327426.663 5733228.309 18.319</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327420.875 5733233.519 18.036 327420.953 5733233.0 17.893 327420.959 5733232.959 17.889 327421.0 5733232.69 17.86 327421.09 5733232.09 17.822 327421.104 5733232.0 17.808 327421.221 5733231.221 17.844 327421.255 5733231.0 17.829 327421.352 5733230.352 17.777 327421.405 5733230.0 17.729 327421.483 5733229.483 17.726 327421.556 5733229.0 17.728 327421.614 5733228.614 17.714 327421.707 5733228.0 17.721 327421.745 5733227.745 17.736 327421.769 5733227.588 17.813</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327420.875 5733233.519 18.036 327421.0 5733233.536 18.061 327421.618 5733233.618 18.301 327422.0 5733233.668 18.484 327422.771 5733233.771 18.743 327423.0 5733233.801 18.796 327423.924 5733233.924 18.91 327424.0 5733233.934 18.925 327424.496 5733234.0 18.91 327425.0 5733234.067 18.878 327425.077 5733234.077 18.868 327425.821 5733234.176 18.781</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327425.821 5733234.176 18.781 327425.846 5733234.0 18.787 327425.866 5733233.866 18.773 327425.99 5733233.0 18.731 327425.991 5733232.991 18.73 327426.0 5733232.929 18.724 327426.117 5733232.117 18.634 327426.133 5733232.0 18.629 327426.242 5733231.242 18.598 327426.277 5733231.0 18.577 327426.368 5733230.368 18.49 327426.42 5733230.0 18.473 327426.493 5733229.493 18.445 327426.564 5733229.0 18.384 327426.619 5733228.619 18.34 327426.663 5733228.309 18.319</gml:posList>
            </gml:LineString>
          </gml:curveMember>
        </gml:MultiCurve>
      </bldg:lod2TerrainIntersection>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_0e3acbbf-4f3d-4a6d-b2a9-a738798cf952">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_b00630ed-b781-42ec-9aa8-afa71dd87b0f">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857556_2_1">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857556_2_1_0_">
                      <gml:posList srsDimension="3">327426.663 5733228.309 21.977 327421.769 5733227.588 21.977 327421.769 5733227.588 17.714 327426.663 5733228.309 17.714 327426.663 5733228.309 21.977</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_6eb72f24-bae3-4c63-86d7-0ac75da1dc4c">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_e437e694-857a-42d1-857a-2b61dbc4f3a1">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857556_2_2">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857556_2_2_0_">
                      <gml:posList srsDimension="3">327421.769 5733227.588 21.977 327420.875 5733233.519 21.977 327420.875 5733233.519 17.714 327421.769 5733227.588 17.714 327421.769 5733227.588 21.977</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_e0324f56-ac8e-469b-8cc2-9ce157b47784">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_ff74c36b-f1ea-4e05-ab5f-9001433a66f7">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857556_2_3">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857556_2_3_0_">
                      <gml:posList srsDimension="3">327420.875 5733233.519 21.977 327425.821 5733234.176 21.977 327425.821 5733234.176 17.714 327420.875 5733233.519 17.714 327420.875 5733233.519 21.977</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_ec381863-6b7e-4070-b3b0-46e3466f5163">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_4d00f6b0-801e-4053-97d6-6849a29dd328">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857556_2_4">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857556_2_4_0_">
                      <gml:posList srsDimension="3">327425.821 5733234.176 21.977 327426.663 5733228.309 21.977 327426.663 5733228.309 17.714 327425.821 5733234.176 17.714 327425.821 5733234.176 21.977</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:RoofSurface gml:id="UUID_afce6846-f460-402e-b4a2-6b64423ac707">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_7de001f9-6315-4c1e-8a99-c7fe5dbf9e4a">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857556_2_5">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857556_2_5_0_">
                      <gml:posList srsDimension="3">327425.821 5733234.176 21.977 327420.875 5733233.519 21.977 327421.769 5733227.588 21.977 327426.663 5733228.309 21.977 327425.821 5733234.176 21.977</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:RoofSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:GroundSurface gml:id="UUID_4808bd28-aad8-474a-ac18-a8245fdcd0bb">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_1afe5729-7dae-4e7d-9c2a-cbf5c643094f">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857556_2_0">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857556_2_0_0_">
                      <gml:posList srsDimension="3">327426.663 5733228.309 17.714 327421.769 5733227.588 17.714 327420.875 5733233.519 17.714 327425.821 5733234.176 17.714 327426.663 5733228.309 17.714</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:GroundSurface>
      </bldg:boundedBy>
      <bldg:address>
        <core:Address gml:id="UUID_f18cba8a-93ec-4803-bce6-a9621df92e69">
          <core:xalAddress>
            <xAL:AddressDetails>
              <xAL:Country>
                <xAL:CountryName>Germany</xAL:CountryName>
                <xAL:Locality Type="Town">
                  <xAL:LocalityName>Hamminkeln</xAL:LocalityName>
                  <xAL:Thoroughfare Type="Street">
                    <xAL:ThoroughfareNumber>20</xAL:ThoroughfareNumber>
                    <xAL:ThoroughfareName>Alte Poststraße</xAL:ThoroughfareName>
                  </xAL:Thoroughfare>
                </xAL:Locality>
              </xAL:Country>
            </xAL:AddressDetails>
          </core:xalAddress>
        </core:Address>
      </bldg:address>
    </bldg:Building>
  </core:cityObjectMember>
  <core:cityObjectMember>
    <bldg:Building gml:id="DENW34AL0000yxBa">
      <core:creationDate>2021-01-23</core:creationDate>
      <core:externalReference>
        <core:informationSystem>http://repository.gdi-de.org/schemas/adv/citygml/fdv/art.htm#_9100</core:informationSystem>
        <core:externalObject>
          <core:name>DENW34AL0000yxBa</core:name>
        </core:externalObject>
      </core:externalReference>
      <gen:stringAttribute name="Gemeindeschluessel">
        <gen:value>05170012</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Geometrietyp2DReferenz">
        <gen:value>3000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Grundrissaktualitaet">
        <gen:value>2020-07-01</gen:value>
      </gen:stringAttribute>
      <bldg:function>31001_1312</bldg:function>
      <bldg:consistsOfBuildingPart>
        <bldg:BuildingPart gml:id="UUID_a9826831-aaee-48e4-9814-96e68cf9ab04">
          <core:creationDate>2021-01-23</core:creationDate>
          <gen:stringAttribute name="DatenquelleDachhoehe">
            <gen:value>1000</gen:value>
          </gen:stringAttribute>
          <gen:stringAttribute name="DatenquelleBodenhoehe">
            <gen:value>1100</gen:value>
          </gen:stringAttribute>
          <gen:stringAttribute name="DatenquelleLage">
            <gen:value>1000</gen:value>
          </gen:stringAttribute>
          <gen:stringAttribute name="Grundrissaktualitaet">
            <gen:value>2020-07-01</gen:value>
          </gen:stringAttribute>
          <bldg:roofType>3100</bldg:roofType>
          <bldg:measuredHeight uom="urn:adv:uom:m">8.259</bldg:measuredHeight>
          <bldg:lod2Solid>
            <gml:Solid>
              <gml:exterior>
                <gml:CompositeSurface>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857640_2_4"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857640_2_8"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857640_2_0"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857640_2_11"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857640_2_2"/>
                  <gml:surfaceMember xlink:href="#UUID_2e7cc297-0c5b-4f62-b362-b04b57b47aba"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857640_2_7"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857640_2_12"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857640_2_1"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857640_2_5"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857640_2_3"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857640_2_9"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857640_2_10"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857640_2_13"/>
                </gml:CompositeSurface>
              </gml:exterior>
            </gml:Solid>
          </bldg:lod2Solid>
          <bldg:lod2TerrainIntersection>
            <gml:MultiCurve>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327507.457 5733209.275 16.914 327507.643 5733209.236 16.898</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327506.674 5733204.212 16.793 327506.784 5733204.784 16.811 327506.826 5733205.0 16.818 327507.0 5733205.902 16.829 327507.019 5733206.0 16.83 327507.023 5733206.023 16.83 327507.212 5733207.0 16.84 327507.262 5733207.262 16.84 327507.405 5733208.0 16.84 327507.501 5733208.501 16.84 327507.597 5733209.0 16.86 327507.643 5733209.236 16.898</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327505.705 5733199.188 16.743 327505.829 5733199.829 16.778 327505.862 5733200.0 16.786 327506.0 5733200.717 16.783 327506.054 5733201.0 16.78 327506.068 5733201.068 16.779 327506.247 5733202.0 16.752 327506.306 5733202.306 16.753 327506.44 5733203.0 16.76 327506.545 5733203.545 16.776 327506.633 5733204.0 16.786 327506.674 5733204.212 16.793</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327505.617 5733199.206 16.743 327505.705 5733199.188 16.743</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327501.734 5733199.991 16.701 327501.948 5733199.948 16.705 327502.0 5733199.937 16.706 327502.78 5733199.78 16.71 327503.0 5733199.735 16.717 327503.611 5733199.611 16.723 327504.0 5733199.533 16.722 327504.443 5733199.443 16.721 327505.0 5733199.331 16.733 327505.275 5733199.275 16.739 327505.617 5733199.206 16.743</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327498.54 5733200.637 16.659 327498.621 5733200.621 16.666 327499.0 5733200.544 16.673 327499.452 5733200.452 16.672 327500.0 5733200.342 16.684 327500.284 5733200.284 16.687 327501.0 5733200.139 16.687 327501.116 5733200.116 16.687 327501.689 5733200.0 16.701 327501.734 5733199.991 16.701</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327498.54 5733200.637 16.659 327498.611 5733201.0 16.665 327498.757 5733201.757 16.693 327498.804 5733202.0 16.706 327498.997 5733202.997 16.72 327498.997 5733203.0 16.72 327499.0 5733203.014 16.72 327499.191 5733204.0 16.716 327499.236 5733204.236 16.717 327499.384 5733205.0 16.734 327499.476 5733205.476 16.735 327499.525 5733205.729 16.729</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327499.525 5733205.729 16.729 327499.577 5733206.0 16.723 327499.715 5733206.715 16.772 327499.77 5733207.0 16.8 327499.955 5733207.955 16.934 327499.964 5733208.0 16.939 327500.0 5733208.188 16.963 327500.157 5733209.0 17.055 327500.195 5733209.195 17.081 327500.35 5733210.0 17.209 327500.434 5733210.434 17.256 327500.509 5733210.821 17.27</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327500.509 5733210.821 17.27 327500.767 5733210.767 17.276 327501.0 5733210.718 17.256 327501.594 5733210.594 17.212 327501.758 5733210.56 17.199</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327501.742 5733210.471 17.189 327501.758 5733210.56 17.199</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327501.742 5733210.471 17.189 327502.0 5733210.417 17.17 327502.345 5733210.345 17.144 327503.0 5733210.208 17.127 327503.172 5733210.172 17.127 327503.993 5733210.0 17.07 327503.999 5733209.999 17.07 327504.0 5733209.998 17.07 327504.826 5733209.826 17.041 327505.0 5733209.789 17.03 327505.653 5733209.653 16.985 327506.0 5733209.58 16.982 327506.48 5733209.48 16.997 327507.0 5733209.371 16.957 327507.306 5733209.306 16.927 327507.457 5733209.275 16.914</gml:posList>
                </gml:LineString>
              </gml:curveMember>
            </gml:MultiCurve>
          </bldg:lod2TerrainIntersection>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_242588b6-f211-48c2-94d3-b4c403e45e04">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_f4a2b41d-bb45-41dc-aff9-940a618811a1">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857640_2_1">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857640_2_1_0_">
                          <gml:posList srsDimension="3">327507.457 5733209.275 21.943 327507.643 5733209.236 21.942 327507.643 5733209.236 16.378 327507.457 5733209.275 16.378 327507.457 5733209.275 21.943</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_200af599-7e0e-4db9-9614-9ecca9359088">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_eb4dc9ec-9807-4059-89d3-1a6002817fbf">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857640_2_2">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857640_2_2_0_">
                          <gml:posList srsDimension="3">327507.643 5733209.236 21.942 327506.674 5733204.212 24.637 327506.674 5733204.212 16.378 327507.643 5733209.236 16.378 327507.643 5733209.236 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_04f7275f-05df-40be-b2c5-b64141849bee">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_872fc493-dbeb-4acb-abd2-1eea33875c8e">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857640_2_3">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857640_2_3_0_">
                          <gml:posList srsDimension="3">327506.674 5733204.212 24.637 327505.705 5733199.188 21.942 327505.705 5733199.188 16.378 327506.674 5733204.212 16.378 327506.674 5733204.212 24.637</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_6e03b7fd-79c1-460d-bdb7-e02997e2dd43">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_d63b00f5-28f8-4d43-9701-06f009dc9408">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857640_2_4">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857640_2_4_0_">
                          <gml:posList srsDimension="3">327505.705 5733199.188 21.942 327505.617 5733199.206 21.942 327505.617 5733199.206 16.378 327505.705 5733199.188 16.378 327505.705 5733199.188 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_aac6b121-780d-47cb-aef2-da6366828aea">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_abe1d2d1-5703-471d-8220-0f1f2bf72c65">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857640_2_5">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857640_2_5_0_">
                          <gml:posList srsDimension="3">327505.617 5733199.206 21.942 327501.734 5733199.991 21.942 327501.734 5733199.991 16.378 327505.617 5733199.206 16.378 327505.617 5733199.206 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_54c29255-a5ac-4554-83c2-828b76e243ab">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_24edc34a-ed72-49e1-a731-e8fc9b4a2b34">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857640_2_7">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857640_2_7_0_">
                          <gml:posList srsDimension="3">327498.54 5733200.637 21.942 327499.525 5733205.729 24.637 327499.525 5733205.729 16.378 327498.54 5733200.637 16.378 327498.54 5733200.637 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_3f0aa588-ea9e-4448-8773-e63df32fc89a">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_a89c94bd-6674-467f-a00a-fbba69b758db">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857640_2_8">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857640_2_8_0_">
                          <gml:posList srsDimension="3">327499.525 5733205.729 24.637 327500.509 5733210.821 21.942 327500.509 5733210.821 16.378 327499.525 5733205.729 16.378 327499.525 5733205.729 24.637</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_53fd986b-1a67-4c79-805b-16275f0ce3bc">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_e9c8920a-e9e5-4167-8c28-a3769386ff97">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857640_2_9">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857640_2_9_0_">
                          <gml:posList srsDimension="3">327500.509 5733210.821 21.942 327501.758 5733210.56 21.933 327501.758 5733210.56 16.378 327500.509 5733210.821 16.378 327500.509 5733210.821 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_162a5e00-d5ce-4918-8b5b-b5983aa691ff">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_463fd8c7-cbf4-4c66-a448-47ffb202472d">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857640_2_10">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857640_2_10_0_">
                          <gml:posList srsDimension="3">327501.758 5733210.56 21.933 327501.742 5733210.471 21.981 327501.742 5733210.471 16.378 327501.758 5733210.56 16.378 327501.758 5733210.56 21.933</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_35a98098-bb7a-49b6-94bf-1907f30a616d">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_e3e53f37-94ad-478a-bab2-066cdf823a9d">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857640_2_11">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857640_2_11_0_">
                          <gml:posList srsDimension="3">327501.742 5733210.471 21.981 327507.457 5733209.275 21.943 327507.457 5733209.275 16.378 327501.742 5733210.471 16.378 327501.742 5733210.471 21.981</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:RoofSurface gml:id="UUID_e6a44db8-577b-4774-8969-7edd326ca955">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_789b6623-63ee-4cb6-ab07-8a0049f12996">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857640_2_12">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857640_2_12_0_">
                          <gml:posList srsDimension="3">327499.525 5733205.729 24.637 327498.54 5733200.637 21.942 327501.734 5733199.991 21.942 327505.617 5733199.206 21.942 327505.705 5733199.188 21.942 327506.674 5733204.212 24.637 327499.525 5733205.729 24.637</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:RoofSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:RoofSurface gml:id="UUID_bc06c575-68e9-4924-b572-7e472c033d73">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_e96e107b-27c8-4880-af49-0f07d8996251">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857640_2_13">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857640_2_13_0_">
                          <gml:posList srsDimension="3">327506.674 5733204.212 24.637 327507.643 5733209.236 21.942 327507.457 5733209.275 21.943 327501.742 5733210.471 21.981 327501.758 5733210.56 21.933 327500.509 5733210.821 21.942 327499.525 5733205.729 24.637 327506.674 5733204.212 24.637</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:RoofSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:GroundSurface gml:id="UUID_b0c9e996-5cef-4b4a-bddc-d8c5ca2354ba">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_46fd0fe9-f809-4159-a032-43cf3f82e0c9">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857640_2_0">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857640_2_0_0_">
                          <gml:posList srsDimension="3">327507.457 5733209.275 16.378 327507.643 5733209.236 16.378 327506.674 5733204.212 16.378 327505.705 5733199.188 16.378 327505.617 5733199.206 16.378 327501.734 5733199.991 16.378 327498.54 5733200.637 16.378 327499.525 5733205.729 16.378 327500.509 5733210.821 16.378 327501.758 5733210.56 16.378 327501.742 5733210.471 16.378 327507.457 5733209.275 16.378</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:GroundSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:ClosureSurface>
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface>
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="UUID_2e7cc297-0c5b-4f62-b362-b04b57b47aba">
                      <gml:exterior>
                        <gml:LinearRing>
                          <gml:posList srsDimension="3">327501.734 5733199.991 21.942 327498.54 5733200.637 21.942 327498.54 5733200.637 16.378 327501.734 5733199.991 16.378 327501.734 5733199.991 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:ClosureSurface>
          </bldg:boundedBy>
        </bldg:BuildingPart>
      </bldg:consistsOfBuildingPart>
      <bldg:consistsOfBuildingPart>
        <bldg:BuildingPart gml:id="GUID_1543405942858_110857639">
          <core:creationDate>2021-01-23</core:creationDate>
          <gen:stringAttribute name="DatenquelleDachhoehe">
            <gen:value>1000</gen:value>
          </gen:stringAttribute>
          <gen:stringAttribute name="DatenquelleBodenhoehe">
            <gen:value>1100</gen:value>
          </gen:stringAttribute>
          <gen:stringAttribute name="DatenquelleLage">
            <gen:value>1000</gen:value>
          </gen:stringAttribute>
          <gen:stringAttribute name="Grundrissaktualitaet">
            <gen:value>2020-07-01</gen:value>
          </gen:stringAttribute>
          <bldg:roofType>1000</bldg:roofType>
          <bldg:measuredHeight uom="urn:adv:uom:m">5.564</bldg:measuredHeight>
          <bldg:lod2Solid>
            <gml:Solid>
              <gml:exterior>
                <gml:CompositeSurface>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857639_2_7"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857639_2_2"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857639_2_1"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857639_2_11"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857639_2_12"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857639_2_8"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857639_2_3"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857639_2_4"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857639_2_9"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857639_2_6"/>
                  <gml:surfaceMember xlink:href="#UUID_4fb30ac6-b5b0-4af3-9cc2-d348d0f390f7"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857639_2_0"/>
                  <gml:surfaceMember xlink:href="#GUID_1543405942858_110857639_2_5"/>
                </gml:CompositeSurface>
              </gml:exterior>
            </gml:Solid>
          </bldg:lod2Solid>
          <bldg:lod2TerrainIntersection>
            <gml:MultiCurve>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327501.127 5733196.818 16.492 327501.479 5733196.751 16.495</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327500.92 5733193.847 16.386 327500.937 5733193.937 16.388 327500.949 5733194.0 16.389 327501.0 5733194.263 16.395 327501.142 5733195.0 16.413 327501.176 5733195.176 16.422 327501.334 5733196.0 16.453 327501.414 5733196.414 16.473 327501.479 5733196.751 16.495</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327500.899 5733193.729 16.384 327500.92 5733193.847 16.386</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327497.343 5733194.446 16.381 327497.429 5733194.429 16.381 327498.0 5733194.314 16.383 327498.261 5733194.261 16.38 327499.0 5733194.112 16.392 327499.093 5733194.093 16.392 327499.555 5733194.0 16.384 327499.925 5733193.925 16.378 327500.0 5733193.91 16.378 327500.758 5733193.758 16.383 327500.899 5733193.729 16.384</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327497.343 5733194.446 16.381 327497.45 5733195.0 16.405 327497.558 5733195.558 16.422 327497.643 5733196.0 16.436 327497.798 5733196.798 16.438 327497.837 5733197.0 16.44 327498.0 5733197.845 16.457 327498.03 5733198.0 16.461 327498.037 5733198.037 16.464 327498.186 5733198.807 16.534</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327497.717 5733198.9 16.539 327497.87 5733198.87 16.538 327498.0 5733198.844 16.536 327498.186 5733198.807 16.534</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327497.717 5733198.9 16.539 327497.736 5733199.0 16.547 327497.858 5733199.633 16.587</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327497.858 5733199.633 16.587 327498.0 5733199.606 16.586 327498.329 5733199.543 16.592</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327498.329 5733199.543 16.592 327498.417 5733200.0 16.623 327498.517 5733200.517 16.657 327498.54 5733200.637 16.659</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327498.54 5733200.637 16.659 327498.621 5733200.621 16.666 327499.0 5733200.544 16.673 327499.452 5733200.452 16.672 327500.0 5733200.342 16.684 327500.284 5733200.284 16.687 327501.0 5733200.139 16.687 327501.116 5733200.116 16.687 327501.689 5733200.0 16.701 327501.734 5733199.991 16.701</gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString>
                  <gml:posList srsDimension="3">327501.127 5733196.818 16.492 327501.162 5733197.0 16.503 327501.2 5733197.2 16.514 327501.353 5733198.0 16.564 327501.437 5733198.437 16.595 327501.544 5733199.0 16.626 327501.673 5733199.673 16.677 327501.734 5733199.991 16.701</gml:posList>
                </gml:LineString>
              </gml:curveMember>
            </gml:MultiCurve>
          </bldg:lod2TerrainIntersection>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_24b84e0f-ef1c-4de7-b474-6b56d46e3cea">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_b6bd921a-987f-47d1-bbb1-b451e4bc3cd5">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857639_2_1">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857639_2_1_0_">
                          <gml:posList srsDimension="3">327501.127 5733196.818 21.942 327501.479 5733196.751 21.942 327501.479 5733196.751 16.378 327501.127 5733196.818 16.378 327501.127 5733196.818 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_1a84d8bf-9307-4549-9e23-411e8c4bbbb1">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_16e24e3a-2592-43e7-9d27-9a1538a5db88">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857639_2_2">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857639_2_2_0_">
                          <gml:posList srsDimension="3">327501.479 5733196.751 21.942 327500.92 5733193.847 21.942 327500.92 5733193.847 16.378 327501.479 5733196.751 16.378 327501.479 5733196.751 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_98723c66-f403-47ae-b9e8-003afdabf4d3">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_01d6ce5c-83d9-4689-af45-a8095476c459">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857639_2_3">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857639_2_3_0_">
                          <gml:posList srsDimension="3">327500.92 5733193.847 21.942 327500.899 5733193.729 21.942 327500.899 5733193.729 16.378 327500.92 5733193.847 16.378 327500.92 5733193.847 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_c50c81fe-68fd-44c5-a672-5f724b446f32">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_a0ccb775-1c97-4dc8-b300-680388891c95">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857639_2_4">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857639_2_4_0_">
                          <gml:posList srsDimension="3">327500.899 5733193.729 21.942 327497.343 5733194.446 21.942 327497.343 5733194.446 16.378 327500.899 5733193.729 16.378 327500.899 5733193.729 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_59560185-b1d3-4df4-942a-cc1259e3b202">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_f670b86b-009a-459c-9482-fe4491f6e3a9">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857639_2_5">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857639_2_5_0_">
                          <gml:posList srsDimension="3">327497.343 5733194.446 21.942 327498.186 5733198.807 21.942 327498.186 5733198.807 16.378 327497.343 5733194.446 16.378 327497.343 5733194.446 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_5c514b46-aa69-4805-8b31-1bf88b1fc5ab">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_5336d2a0-097e-459c-8cd3-b6ce41c1a980">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857639_2_6">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857639_2_6_0_">
                          <gml:posList srsDimension="3">327498.186 5733198.807 21.942 327497.717 5733198.9 21.942 327497.717 5733198.9 16.378 327498.186 5733198.807 16.378 327498.186 5733198.807 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_46edafa3-8653-4631-ad8d-866da8637de4">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_207f0d76-5306-40e5-a3a7-6b3df2f280fa">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857639_2_7">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857639_2_7_0_">
                          <gml:posList srsDimension="3">327497.717 5733198.9 21.942 327497.858 5733199.633 21.942 327497.858 5733199.633 16.378 327497.717 5733198.9 16.378 327497.717 5733198.9 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_d8ae826d-5dd8-4002-991e-cecf27c82662">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_75b171e1-829d-468c-a061-4deef67f8cb4">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857639_2_8">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857639_2_8_0_">
                          <gml:posList srsDimension="3">327497.858 5733199.633 21.942 327498.329 5733199.543 21.942 327498.329 5733199.543 16.378 327497.858 5733199.633 16.378 327497.858 5733199.633 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_a3a99ecc-4295-4590-895a-b3b10e6b961a">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_be641ff6-62d0-4c7b-8a2e-a3029e2bbd9d">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857639_2_9">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857639_2_9_0_">
                          <gml:posList srsDimension="3">327498.329 5733199.543 21.942 327498.54 5733200.637 21.942 327498.54 5733200.637 16.378 327498.329 5733199.543 16.378 327498.329 5733199.543 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:WallSurface gml:id="UUID_096bd26d-736b-4648-918d-78766c560f5c">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_5f38a6e5-7953-4d4d-8231-f90732ac824e">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857639_2_11">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857639_2_11_0_">
                          <gml:posList srsDimension="3">327501.734 5733199.991 21.942 327501.127 5733196.818 21.942 327501.127 5733196.818 16.378 327501.734 5733199.991 16.378 327501.734 5733199.991 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:WallSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:RoofSurface gml:id="UUID_5c6f2994-f18a-4c88-a957-822add04c62b">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_92b4bc6a-ed02-4126-85ec-429aae8b2bdb">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857639_2_12">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857639_2_12_0_">
                          <gml:posList srsDimension="3">327501.734 5733199.991 21.942 327498.54 5733200.637 21.942 327498.329 5733199.543 21.942 327497.858 5733199.633 21.942 327497.717 5733198.9 21.942 327498.186 5733198.807 21.942 327497.343 5733194.446 21.942 327500.899 5733193.729 21.942 327500.92 5733193.847 21.942 327501.479 5733196.751 21.942 327501.127 5733196.818 21.942 327501.734 5733199.991 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:RoofSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:GroundSurface gml:id="UUID_22e37802-31a5-4e1c-b203-7d2dea94ac24">
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface gml:id="UUID_3340b9d1-8868-4f45-b835-988c6c68d837">
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="GUID_1543405942858_110857639_2_0">
                      <gml:exterior>
                        <gml:LinearRing gml:id="GUID_1543405942858_110857639_2_0_0_">
                          <gml:posList srsDimension="3">327501.127 5733196.818 16.378 327501.479 5733196.751 16.378 327500.92 5733193.847 16.378 327500.899 5733193.729 16.378 327497.343 5733194.446 16.378 327498.186 5733198.807 16.378 327497.717 5733198.9 16.378 327497.858 5733199.633 16.378 327498.329 5733199.543 16.378 327498.54 5733200.637 16.378 327501.734 5733199.991 16.378 327501.127 5733196.818 16.378</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:GroundSurface>
          </bldg:boundedBy>
          <bldg:boundedBy>
            <bldg:ClosureSurface>
              <core:creationDate>2021-01-23</core:creationDate>
              <bldg:lod2MultiSurface>
                <gml:MultiSurface>
                  <gml:surfaceMember>
                    <gml:Polygon gml:id="UUID_4fb30ac6-b5b0-4af3-9cc2-d348d0f390f7">
                      <gml:exterior>
                        <gml:LinearRing>
                          <gml:posList srsDimension="3">327498.54 5733200.637 21.942 327501.734 5733199.991 21.942 327501.734 5733199.991 16.378 327498.54 5733200.637 16.378 327498.54 5733200.637 21.942</gml:posList>
                        </gml:LinearRing>
                      </gml:exterior>
                    </gml:Polygon>
                  </gml:surfaceMember>
                </gml:MultiSurface>
              </bldg:lod2MultiSurface>
            </bldg:ClosureSurface>
          </bldg:boundedBy>
        </bldg:BuildingPart>
      </bldg:consistsOfBuildingPart>
      <bldg:address>
        <core:Address gml:id="UUID_07cbefb3-c0a4-4a77-b959-d78e10f61c56">
          <core:xalAddress>
            <xAL:AddressDetails>
              <xAL:Country>
                <xAL:CountryName>Germany</xAL:CountryName>
                <xAL:Locality Type="Town">
                  <xAL:LocalityName>Hamminkeln</xAL:LocalityName>
                  <xAL:Thoroughfare Type="Street">
                    <xAL:ThoroughfareNumber>32</xAL:ThoroughfareNumber>
                    <xAL:ThoroughfareName>Alte Poststraße</xAL:ThoroughfareName>
                  </xAL:Thoroughfare>
                </xAL:Locality>
              </xAL:Country>
            </xAL:AddressDetails>
          </core:xalAddress>
        </core:Address>
      </bldg:address>
    </bldg:Building>
  </core:cityObjectMember>
  <core:cityObjectMember>
    <bldg:Building gml:id="DENW34AL0002lGjD">
      <core:creationDate>2021-01-23</core:creationDate>
      <core:externalReference>
        <core:informationSystem>http://repository.gdi-de.org/schemas/adv/citygml/fdv/art.htm#_9100</core:informationSystem>
        <core:externalObject>
          <core:name>DENW34AL0002lGjD</core:name>
        </core:externalObject>
      </core:externalReference>
      <gen:stringAttribute name="DatenquelleDachhoehe">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Geometrietyp2DReferenz">
        <gen:value>3000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Gemeindeschluessel">
        <gen:value>05170012</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleBodenhoehe">
        <gen:value>1100</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleLage">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Grundrissaktualitaet">
        <gen:value>2020-07-01</gen:value>
      </gen:stringAttribute>
      <bldg:function>51009_1611</bldg:function>
      <bldg:roofType>1000</bldg:roofType>
      <bldg:measuredHeight uom="urn:adv:uom:m">2.364</bldg:measuredHeight>
      <bldg:lod2Solid>
        <gml:Solid>
          <gml:exterior>
            <gml:CompositeSurface>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857524_2_1"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857524_2_5"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857524_2_2"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857524_2_3"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857524_2_4"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857524_2_0"/>
            </gml:CompositeSurface>
          </gml:exterior>
        </gml:Solid>
      </bldg:lod2Solid>
      <bldg:lod2TerrainIntersection>
        <gml:MultiCurve>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327429.287 5733243.296 18.638 327429.288 5733243.288 18.636 327429.337 5733243.0 18.543 327429.433 5733242.433 18.495 327429.507 5733242.0 18.5 327429.579 5733241.579 18.495 327429.677 5733241.0 18.483 327429.724 5733240.724 18.474 327429.763 5733240.493 18.491</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327426.077 5733239.867 18.555 327426.86 5733240.0 18.551 327427.0 5733240.024 18.551 327427.029 5733240.029 18.551 327428.0 5733240.194 18.524 327428.233 5733240.233 18.515 327429.0 5733240.363 18.517 327429.438 5733240.438 18.488 327429.763 5733240.493 18.491</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327425.601 5733242.67 18.731 327425.611 5733242.611 18.727 327425.715 5733242.0 18.683 327425.756 5733241.756 18.673 327425.885 5733241.0 18.623 327425.901 5733240.901 18.618 327426.0 5733240.32 18.579 327426.047 5733240.047 18.562 327426.054 5733240.0 18.559 327426.077 5733239.867 18.555</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327425.601 5733242.67 18.731 327425.684 5733242.684 18.731 327426.0 5733242.738 18.732 327426.889 5733242.889 18.724 327427.0 5733242.908 18.724 327427.544 5733243.0 18.714 327428.0 5733243.077 18.705 327428.093 5733243.093 18.707 327429.0 5733243.247 18.635 327429.287 5733243.296 18.638</gml:posList>
            </gml:LineString>
          </gml:curveMember>
        </gml:MultiCurve>
      </bldg:lod2TerrainIntersection>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_2c767bb7-33bb-4e54-ae5a-dcf4f35af949">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_aba56875-d69b-45ad-8d62-d503d5abe063">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857524_2_1">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857524_2_1_0_">
                      <gml:posList srsDimension="3">327429.287 5733243.296 20.837 327429.763 5733240.493 20.837 327429.763 5733240.493 18.474 327429.287 5733243.296 18.474 327429.287 5733243.296 20.837</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_fca5686e-d9cf-47d2-94cc-84c68c034728">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_bc90fef0-a19e-4fbf-a18a-96945ba34552">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857524_2_2">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857524_2_2_0_">
                      <gml:posList srsDimension="3">327429.763 5733240.493 20.837 327426.077 5733239.867 20.837 327426.077 5733239.867 18.474 327429.763 5733240.493 18.474 327429.763 5733240.493 20.837</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_eca6cb1c-7357-49b0-9505-9b832e89c8bb">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_a0b5a4f7-2193-480a-8504-b5700e452ce7">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857524_2_3">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857524_2_3_0_">
                      <gml:posList srsDimension="3">327426.077 5733239.867 20.837 327425.601 5733242.67 20.837 327425.601 5733242.67 18.474 327426.077 5733239.867 18.474 327426.077 5733239.867 20.837</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_d9920980-5add-4855-b368-3d9eca2aef42">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_c6957b4b-71d7-46b6-882e-64cdd9e52b13">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857524_2_4">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857524_2_4_0_">
                      <gml:posList srsDimension="3">327425.601 5733242.67 20.837 327429.287 5733243.296 20.837 327429.287 5733243.296 18.474 327425.601 5733242.67 18.474 327425.601 5733242.67 20.837</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:RoofSurface gml:id="UUID_9999de67-7d69-44ba-b11c-d4b259c84ff9">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_629f3b3b-828e-4c6f-a383-351da0090301">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857524_2_5">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857524_2_5_0_">
                      <gml:posList srsDimension="3">327425.601 5733242.67 20.837 327426.077 5733239.867 20.837 327429.763 5733240.493 20.837 327429.287 5733243.296 20.837 327425.601 5733242.67 20.837</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:RoofSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:GroundSurface gml:id="UUID_4dfa1140-7722-44d2-979e-feccc23af109">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_4225f2e3-aa80-48be-8619-70faeb643cc3">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857524_2_0">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857524_2_0_0_">
                      <gml:posList srsDimension="3">327429.287 5733243.296 18.474 327429.763 5733240.493 18.474 327426.077 5733239.867 18.474 327425.601 5733242.67 18.474 327429.287 5733243.296 18.474</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:GroundSurface>
      </bldg:boundedBy>
    </bldg:Building>
  </core:cityObjectMember>
  <core:cityObjectMember>
    <bldg:Building gml:id="DENW34AL0000yxD8">
      <core:creationDate>2021-01-23</core:creationDate>
      <core:externalReference>
        <core:informationSystem>http://repository.gdi-de.org/schemas/adv/citygml/fdv/art.htm#_9100</core:informationSystem>
        <core:externalObject>
          <core:name>DENW34AL0000yxD8</core:name>
        </core:externalObject>
      </core:externalReference>
      <gen:stringAttribute name="DatenquelleDachhoehe">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Geometrietyp2DReferenz">
        <gen:value>3000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Gemeindeschluessel">
        <gen:value>05170012</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleBodenhoehe">
        <gen:value>1100</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="DatenquelleLage">
        <gen:value>1000</gen:value>
      </gen:stringAttribute>
      <gen:stringAttribute name="Grundrissaktualitaet">
        <gen:value>2020-07-01</gen:value>
      </gen:stringAttribute>
      <bldg:function>31001_2463</bldg:function>
      <bldg:roofType>1000</bldg:roofType>
      <bldg:measuredHeight uom="urn:adv:uom:m">2.04</bldg:measuredHeight>
      <bldg:lod2Solid>
        <gml:Solid>
          <gml:exterior>
            <gml:CompositeSurface>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857566_2_5"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857566_2_1"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857566_2_0"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857566_2_3"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857566_2_2"/>
              <gml:surfaceMember xlink:href="#GUID_1543405942858_110857566_2_4"/>
            </gml:CompositeSurface>
          </gml:exterior>
        </gml:Solid>
      </bldg:lod2Solid>
      <bldg:lod2TerrainIntersection>
        <gml:MultiCurve>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327905.007 5733109.435 19.064 327905.336 5733110.0 19.357 327905.804 5733110.804 19.646 327905.918 5733111.0 19.724 327906.0 5733111.141 19.784 327906.5 5733112.0 20.255 327907.0 5733112.858 20.554 327907.082 5733113.0 20.579 327907.197 5733113.197 20.604 327907.665 5733114.0 20.713 327907.827 5733114.279 20.74</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327902.459 5733110.893 18.692 327902.735 5733110.735 18.697 327903.0 5733110.583 18.69 327903.371 5733110.371 18.724 327904.0 5733110.011 18.743 327904.007 5733110.007 18.746 327904.02 5733110.0 18.75 327904.643 5733109.643 19.014 327905.0 5733109.439 19.064 327905.007 5733109.435 19.064</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327902.459 5733110.893 18.692 327902.52 5733111.0 18.723 327903.0 5733111.839 19.008 327903.092 5733112.0 19.076 327903.216 5733112.216 19.141 327903.665 5733113.0 19.41 327904.0 5733113.586 19.611 327904.237 5733114.0 19.793 327904.553 5733114.553 20.202 327904.809 5733115.0 20.55 327905.0 5733115.334 20.597 327905.226 5733115.729 20.615</gml:posList>
            </gml:LineString>
          </gml:curveMember>
          <gml:curveMember>
            <gml:LineString>
              <gml:posList srsDimension="3">327905.226 5733115.729 20.615 327905.549 5733115.549 20.649 327906.0 5733115.298 20.669 327906.191 5733115.191 20.679 327906.534 5733115.0 20.692 327906.833 5733114.833 20.697 327907.0 5733114.74 20.704 327907.475 5733114.475 20.722 327907.827 5733114.279 20.74</gml:posList>
            </gml:LineString>
          </gml:curveMember>
        </gml:MultiCurve>
      </bldg:lod2TerrainIntersection>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_3de49a8f-34fa-405f-882f-ed1241eab78c">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_457180ff-82a2-4735-b74c-32f61c3ec5b8">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857566_2_1">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857566_2_1_0_">
                      <gml:posList srsDimension="3">327907.827 5733114.279 20.73 327905.007 5733109.435 20.73 327905.007 5733109.435 18.69 327907.827 5733114.279 18.69 327907.827 5733114.279 20.73</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_a409eaf8-85df-4865-a3fd-1519fcaab3df">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_949df95d-12e7-4e99-859b-f8ac58c83291">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857566_2_2">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857566_2_2_0_">
                      <gml:posList srsDimension="3">327905.007 5733109.435 20.73 327902.459 5733110.893 20.73 327902.459 5733110.893 18.69 327905.007 5733109.435 18.69 327905.007 5733109.435 20.73</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_e2b716ef-aa3f-44ad-b52b-a502c97dbc79">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_b939c2df-fab9-4de0-be00-a2f0771bfc1f">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857566_2_3">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857566_2_3_0_">
                      <gml:posList srsDimension="3">327902.459 5733110.893 20.73 327905.226 5733115.729 20.73 327905.226 5733115.729 18.69 327902.459 5733110.893 18.69 327902.459 5733110.893 20.73</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="UUID_72a1eca2-d854-46b7-a301-dcbd9fff4b56">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_cdff6a13-9dfb-42b5-841d-b96aa814cf4f">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857566_2_4">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857566_2_4_0_">
                      <gml:posList srsDimension="3">327905.226 5733115.729 20.73 327907.827 5733114.279 20.73 327907.827 5733114.279 18.69 327905.226 5733115.729 18.69 327905.226 5733115.729 20.73</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:RoofSurface gml:id="UUID_6bad2447-cc3f-4a9c-b0ef-fa98310a26fe">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_ccc69623-08ea-4221-b537-7627bf9fc99c">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857566_2_5">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857566_2_5_0_">
                      <gml:posList srsDimension="3">327905.226 5733115.729 20.73 327902.459 5733110.893 20.73 327905.007 5733109.435 20.73 327907.827 5733114.279 20.73 327905.226 5733115.729 20.73</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:RoofSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:GroundSurface gml:id="UUID_98fd9def-c36e-4ebd-b367-afb69799bf45">
          <core:creationDate>2021-01-23</core:creationDate>
          <bldg:lod2MultiSurface>
            <gml:MultiSurface gml:id="UUID_881064f9-109f-43af-b716-2255095566c4">
              <gml:surfaceMember>
                <gml:Polygon gml:id="GUID_1543405942858_110857566_2_0">
                  <gml:exterior>
                    <gml:LinearRing gml:id="GUID_1543405942858_110857566_2_0_0_">
                      <gml:posList srsDimension="3">327907.827 5733114.279 18.69 327905.007 5733109.435 18.69 327902.459 5733110.893 18.69 327905.226 5733115.729 18.69 327907.827 5733114.279 18.69</gml:posList>
                    </gml:LinearRing>
                  </gml:exterior>
                </gml:Polygon>
              </gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:GroundSurface>
      </bldg:boundedBy>
      <bldg:address>
        <core:Address gml:id="UUID_6f4979c5-9c61-43e9-9a42-1a6831147174">
          <core:xalAddress>
            <xAL:AddressDetails>
              <xAL:Country>
                <xAL:CountryName>Germany</xAL:CountryName>
                <xAL:Locality Type="Town">
                  <xAL:LocalityName>Hamminkeln</xAL:LocalityName>
                  <xAL:Thoroughfare Type="Street">
                    <xAL:ThoroughfareNumber>112</xAL:ThoroughfareNumber>
                    <xAL:ThoroughfareName>Alte Poststraße</xAL:ThoroughfareName>
                  </xAL:Thoroughfare>
                </xAL:Locality>
              </xAL:Country>
            </xAL:AddressDetails>
          </core:xalAddress>
        </core:Address>
      </bldg:address>
    </bldg:Building>
  </core:cityObjectMember>
</core:CityModel>